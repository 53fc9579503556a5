// Cosmos DB for NoSQL holding analytics snapshots and rollups. Keys are disabled: the app reads and
// writes with its managed identity through a data-plane role, and only ARM (these templates) can
// create databases and containers.

@description('Required. Account name (globally unique).')
param name string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Required. Database name.')
param databaseName string

@description('Required. Containers: {name, partitionKey, defaultTtl?}; no defaultTtl means items never expire.')
param containers array

@description('Optional. serverless (pay per request) or autoscale (provisioned throughput shared by the database).')
@allowed([
  'serverless'
  'autoscale'
])
param capacityMode string = 'serverless'

@description('Optional. Highest RU/s autoscale may reach (capacityMode autoscale).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Optional. Principals given Cosmos DB Built-in Data Contributor: {principalId}.')
param dataContributors array = []

// Cosmos DB Built-in Data Contributor (a data-plane role, not an Azure RBAC role).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'
var serverless = capacityMode == 'serverless'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  // checkov:skip=CKV_AZURE_101: The Flex Consumption app has no virtual network here, so the public endpoint stays on; keys are disabled and every call needs a data-plane role.
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: serverless ? {} : {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: {
        paths: [
          container.partitionKey
        ]
        kind: 'Hash'
        version: 2
      }
      defaultTtl: contains(container, 'defaultTtl') ? container.defaultTtl : null
    }
  }
}]

resource dataRoles 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for contributor in dataContributors: {
  parent: account
  name: guid(account.id, contributor.principalId, dataContributorRoleId)
  properties: {
    principalId: contributor.principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    scope: account.id
  }
}]

@description('Name of the account.')
output name string = account.name

@description('Resource id of the account.')
output resourceId string = account.id

@description('Document endpoint.')
output endpoint string = account.properties.documentEndpoint

@description('Name of the database.')
output databaseName string = database.name
