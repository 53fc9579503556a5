// Storage for the Functions host, the deployment package, media blobs and the pipeline's queues.
// Shared-key access is off: every caller (the app, the host, the deployment) uses Entra identities.

@description('Required. Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Optional. Replication. Zone or geo redundancy costs more and survives more.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param skuName string = 'Standard_LRS'

@description('Required. Blob containers to create.')
param containers array

@description('Required. Queues to create.')
param queues array

@description('Optional. Origins allowed to upload and read blobs from a browser (direct uploads with a SAS).')
param blobCorsAllowedOrigins array = []

@description('Optional. Days a deleted blob can be restored.')
@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int = 7

@description('Optional. Role assignments on the account: {principalId, principalType (optional: Azure looks the principal up without it), roleDefinitionId}.')
param roleAssignments array = []

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_35: The Flex Consumption app has no virtual network here, so the data plane stays reachable; shared keys are off and every caller needs an Entra role.
  // checkov:skip=CKV_AZURE_59: Same reason: public endpoint, identity-only access, no anonymous blob access.
  // checkov:skip=CKV_AZURE_206: Replication is the skuName parameter (LRS by default to keep a small deployment cheap; choose GZRS for production data).
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobDeleteRetentionDays
    }
    cors: {
      corsRules: empty(blobCorsAllowedOrigins) ? [] : [
        {
          allowedOrigins: blobCorsAllowedOrigins
          allowedMethods: [
            'GET'
            'HEAD'
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-blob-type'
            'x-ms-blob-content-type'
            'x-ms-version'
            'x-ms-client-request-id'
          ]
          exposedHeaders: [
            'etag'
            'x-ms-request-id'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in containers: {
  parent: blobService
  name: container
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for assignment in roleAssignments: {
  name: guid(storage.id, assignment.principalId, assignment.roleDefinitionId)
  scope: storage
  properties: {
    principalId: assignment.principalId
    principalType: assignment.?principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]

@description('Name of the account.')
output name string = storage.name

@description('Resource id of the account.')
output resourceId string = storage.id

@description('Blob endpoint, with a trailing slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue endpoint, with a trailing slash.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table endpoint, with a trailing slash.')
output tableEndpoint string = storage.properties.primaryEndpoints.table
