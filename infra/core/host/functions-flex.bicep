// Function app on the Flex Consumption plan (FC1): Python runtime, per-instance memory, a ceiling on
// instances, optional always-ready instances for the HTTP group, and the deployment package in a
// blob container read with the user-assigned identity. Flex takes no FUNCTIONS_WORKER_RUNTIME,
// WEBSITE_RUN_FROM_PACKAGE or WEBSITE_CONTENTSHARE settings: functionAppConfig replaces them. Nor does
// it take the site properties Microsoft lists as Flex Consumption deprecations (ftpsState, alwaysOn,
// linuxFxVersion, use32BitWorkerProcess, ...): newer regions reject a site that sets one.

@description('Required. Function app name (globally unique).')
param name string

@description('Required. Flex Consumption plan name.')
param planName string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags on the plan.')
param tags object = {}

@description('Optional. Tags on the app (azd finds the app by its azd-service-name tag).')
param appTags object = {}

@description('Required. Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Required. Blob endpoint of the storage account holding the deployment package (trailing slash).')
param storageBlobEndpoint string

@description('Required. Blob container of the deployment package.')
param deploymentContainerName string

@description('Required. App settings (name to value).')
param appSettings object

@description('Optional. Python version.')
@allowed([
  '3.11'
  '3.12'
])
param pythonVersion string = '3.11'

@description('Optional. Memory per instance in MB; more memory also brings more CPU.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Most instances the app scales out to; Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Instances of the HTTP group kept warm (billed while idle); 0 lets the API scale to zero. Raised to 2 when zoneRedundant is true.')
@minValue(0)
param alwaysReadyHttpInstances int = 0

@description('Optional. Browser origins allowed to call the API (with credentials).')
param corsAllowedOrigins array = []

@description('Optional. Spread the plan across availability zones (regions that support it). Zone redundancy needs at least two always-ready instances per function group; the platform keeps two for every group it is not told about, billed as always ready.')
param zoneRedundant bool = false

// Zone redundancy spreads always-ready instances over at least two zones, so it needs two of them.
var httpAlwaysReady = zoneRedundant ? max(2, alwaysReadyHttpInstances) : alwaysReadyHttpInstances
var alwaysReady = (httpAlwaysReady == 0) ? [] : [
  {
    name: 'http'
    instanceCount: httpAlwaysReady
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  // checkov:skip=CKV_AZURE_225: Zone redundancy is the zoneRedundant parameter; off by default because not every region offers it for Flex Consumption.
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  // checkov:skip=CKV_AZURE_17: Browsers and API clients authenticate with cookies, bearer tokens or API keys; none presents a client certificate.
  // checkov:skip=CKV_AZURE_222: The API is public by design (users and API clients reach it over the internet); it authenticates every request itself.
  // checkov:skip=CKV_AZURE_212: Flex Consumption scales instances per function group; alwaysReadyHttpInstances keeps some warm.
  // checkov:skip=CKV_AZURE_213: Flex Consumption replaces unhealthy instances itself; GET /api/health reports the app's dependencies.
  // checkov:skip=CKV_AZURE_78: Flex Consumption has no FTP and rejects siteConfig.ftpsState; FTP and SCM basic publishing credentials are off below.
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      remoteDebuggingEnabled: false
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: !empty(corsAllowedOrigins)
      }
      appSettings: [for setting in items(appSettings): {
        name: setting.key
        value: setting.value
      }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'python'
        version: pythonVersion
      }
    }
  }
}

resource basicPublishingFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource basicPublishingScm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Resource id of the function app.')
output resourceId string = functionApp.id

@description('HTTPS base URL of the function app.')
output uri string = 'https://${functionApp.properties.defaultHostName}'
