// clickKloudy on Azure (`azd up`): one resource group holding a Flex Consumption Function app, Storage,
// PostgreSQL, Cosmos DB, Key Vault, monitoring, a Static Web App for the SPA and optionally email.
// Every data-plane connection authenticates as one user-assigned managed identity; no keys or
// passwords are handed to the app. tests/unit/test_infra.py checks these templates against the code:
// the settings it needs in production, its queues, its blob containers and its Cosmos containers.

targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------------
// Environment

@minLength(1)
@maxLength(64)
@description('Required. Name of the azd environment; it names the resource group and seeds every resource name.')
param environmentName string

// The regions that offer Flex Consumption, as the azd Flex Consumption quickstart lists them
// (Azure-Samples/functions-quickstart-python-http-azd). `az functionapp list-flexconsumption-locations`
// gives the current list; add a region here once it appears there.
@minLength(1)
@description('Required. Azure region of the resources; one that offers Flex Consumption.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

// azd fills principalId from its own sign-in before provisioning. Nothing else about the deploying
// principal is a parameter: its role assignments leave the principal type to Azure, and the
// postprovision hook makes it a PostgreSQL administrator from the same sign-in. So provisioning needs
// no value that a hook records, whichever azd version runs it.
@description('Optional. Object id of the deploying user or service principal (azd sets it). It is given data access for local debugging against Azure and manages Key Vault secrets. Empty grants nothing.')
param principalId string = ''

@description('Optional. Tags added to every resource.')
param tags object = {}

// ---------------------------------------------------------------------------------------------------
// Function app

@description('Optional. Memory per instance in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Optional. Most instances the function app scales out to (Flex Consumption accepts 40 to 1000). Each can hold databasePoolMaxSize PostgreSQL connections.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Optional. Always-ready instances of the HTTP group (no cold start for the API; billed while idle). At least 2 when functionZoneRedundant is true.')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

@description('Optional. Spread the Flex Consumption plan across availability zones (where the region offers it). Zone redundancy keeps at least two always-ready instances for the HTTP group and for every other function, billed while idle.')
param functionZoneRedundant bool = false

@description('Optional. Root log level of the app.')
@allowed([
  'DEBUG'
  'INFO'
  'WARNING'
  'ERROR'
])
param logLevel string = 'INFO'

@description('Optional. Where users reach the app (a custom domain); empty uses the Static Web App URL.')
param publicBaseUrl string = ''

@description('Optional. PostgreSQL connections per function app instance.')
@minValue(1)
@maxValue(50)
param databasePoolMaxSize int = 5

// ---------------------------------------------------------------------------------------------------
// Data

@description('Optional. PostgreSQL major version.')
@allowed([
  '14'
  '15'
  '16'
  '17'
])
param postgresVersion string = '16'

@description('Optional. PostgreSQL compute size.')
param postgresSkuName string = 'Standard_B2s'

@description('Optional. PostgreSQL compute tier (must match the size).')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('Optional. PostgreSQL storage in GiB.')
param postgresStorageSizeGB int = 32

@description('Optional. PostgreSQL high availability (GeneralPurpose or MemoryOptimized only).')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param postgresHighAvailability string = 'Disabled'

@description('Optional. PostgreSQL public network access; Disabled needs private networking these templates do not create.')
@allowed([
  'Disabled'
  'Enabled'
])
param postgresPublicNetworkAccess string = 'Enabled'

@description('Optional. Admit connections from Azure services (the function app has no virtual network here).')
param postgresAllowAzureServices bool = true

@description('Optional. A client IP address admitted to PostgreSQL, e.g. the machine that runs `azd deploy` (migrations).')
param postgresClientIpAddress string = ''

@description('Optional. Also allow PostgreSQL password logins.')
param postgresPasswordAuth bool = false

@description('Optional. PostgreSQL administrator password when postgresPasswordAuth is true.')
@secure()
param postgresAdministratorPassword string = ''

@description('Optional. Cosmos DB capacity: serverless, or autoscale provisioned throughput.')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosCapacityMode string = 'serverless'

@description('Optional. Highest RU/s of autoscale throughput.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Optional. Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param storageSkuName string = 'Standard_LRS'

// ---------------------------------------------------------------------------------------------------
// Web, email, sign-in and platforms

@description('Optional. Static Web App plan; Standard links the API to the site\'s origin (needed for cookie sessions and Microsoft sign-in).')
@allowed([
  'Free'
  'Standard'
])
param staticWebAppSku string = 'Standard'

@description('Optional. How the app sends email: acs (Communication Services, created here) or smtp (your server).')
@allowed([
  'acs'
  'smtp'
])
param emailBackend string = 'acs'

@description('Optional. Where Communication Services keeps data at rest.')
param emailDataLocation string = 'United States'

@description('Optional. Sender for EMAIL_BACKEND=smtp (with acs, the managed domain\'s DoNotReply address is used).')
param emailFrom string = ''

@description('Optional. SMTP host, port and user for EMAIL_BACKEND=smtp; the password is the Key Vault secret smtp-password.')
param smtpHost string = ''

@description('Optional. SMTP port.')
param smtpPort int = 587

@description('Optional. SMTP user.')
param smtpUsername string = ''

@description('Optional. Comma-separated addresses that receive contact messages.')
param operatorEmails string = ''

@description('Optional. App registration id for Sign in with Microsoft (its secret is the Key Vault secret microsoft-client-secret).')
param microsoftClientId string = ''

@description('Optional. Entra ID or External ID authority.')
param microsoftAuthority string = 'https://login.microsoftonline.com/organizations'

@description('Optional. Comma-separated tenant ids allowed to sign in.')
param microsoftAllowedTenants string = ''

@description('Optional. X client id; its secret is the Key Vault secret x-client-secret.')
param xClientId string = ''

@description('Optional. Meta app id (Facebook Login); secret facebook-app-secret.')
param facebookAppId string = ''

@description('Optional. Instagram app id (Instagram Login); secret instagram-app-secret.')
param instagramAppId string = ''

@description('Optional. Threads app id; secret threads-app-secret.')
param threadsAppId string = ''

@description('Optional. LinkedIn client id; secret linkedin-client-secret.')
param linkedinClientId string = ''

@description('Optional. Google client id (YouTube); secret google-client-secret.')
param googleClientId string = ''

@description('Optional. TikTok client key; secret tiktok-client-secret.')
param tiktokClientKey string = ''

@description('Optional. Pinterest app id; secret pinterest-app-secret.')
param pinterestAppId string = ''

// ---------------------------------------------------------------------------------------------------
// Monitoring

@description('Optional. Resource id of an existing action group the alerts notify.')
param actionGroupId string = ''

@description('Optional. Email address of a new action group (when actionGroupId is empty).')
param alertEmailAddress string = ''

@description('Optional. Failed publishes in 15 minutes above which to alert.')
param alertFailedPublishThreshold int = 10

@description('Optional. Function error rate (percent) above which to alert.')
param alertFunctionErrorRatePercent int = 5

@description('Optional. PostgreSQL CPU (percent) above which to alert.')
param alertPostgresCpuPercent int = 80

// ---------------------------------------------------------------------------------------------------
// Names and the facts the code depends on

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, {
  'azd-env-name': environmentName
})

var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'

// Static Web Apps run in a few regions; others use the nearest sensible one.
var staticWebAppRegions = [
  'centralus'
  'eastus2'
  'eastasia'
  'westeurope'
  'westus2'
]
var staticWebAppLocation = contains(staticWebAppRegions, location) ? location : 'westeurope'

// Queues the code names (settings *_QUEUE), each with the poison queue the host moves a message to
// after maxDequeueCount (host.json); triggers read the poison queues of publish and webhooks.
var storageQueues = [
  'publish'
  'publish-poison'
  'status-check'
  'status-check-poison'
  'analytics'
  'analytics-poison'
  'webhooks'
  'webhooks-poison'
]
var mediaContainerName = 'media'
// Flex Consumption reads the app's package from this container.
var deploymentContainerName = 'app-package'
var blobContainers = [
  mediaContainerName
  deploymentContainerName
]

var cosmosDatabaseName = 'clickkloudy'
// shared/adapters/cosmos.py CONTAINERS. Items carry their own `ttl` from the app settings
// ANALYTICS_SNAPSHOT_TTL_DAYS and ANALYTICS_ROLLUP_TTL_DAYS; these defaults (90 and 731 days) cover
// items written without one.
var cosmosContainers = [
  {
    name: 'post_metrics'
    partitionKey: '/accountId'
    defaultTtl: 7776000
  }
  {
    name: 'account_metrics'
    partitionKey: '/accountId'
    defaultTtl: 7776000
  }
  {
    name: 'daily_rollups'
    partitionKey: '/workspaceId'
    defaultTtl: 63158400
  }
  {
    name: 'account_rollups'
    partitionKey: '/workspaceId'
    defaultTtl: 63158400
  }
  {
    name: 'post_rollups'
    partitionKey: '/workspaceId'
    defaultTtl: 63158400
  }
]
var postgresDatabaseName = 'clickkloudy'

// Built-in roles.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
}
var withDeployer = !empty(principalId)

// ---------------------------------------------------------------------------------------------------
// Resources

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: allTags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: allTags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: allTags
    roleAssignments: concat([
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionId: roles.monitoringMetricsPublisher
      }
    ], withDeployer ? [
      {
        principalId: principalId
        roleDefinitionId: roles.monitoringMetricsPublisher
      }
    ] : [])
  }
}

module staticWebApp 'core/host/static-web-app.bicep' = {
  name: 'static-web-app'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}web-${resourceToken}'
    location: staticWebAppLocation
    tags: union(allTags, {
      'azd-service-name': 'web'
    })
    sku: staticWebAppSku
  }
}

var siteUrl = empty(publicBaseUrl) ? staticWebApp.outputs.uri : publicBaseUrl
var browserOrigins = empty(publicBaseUrl) ? [
  staticWebApp.outputs.uri
] : [
  staticWebApp.outputs.uri
  publicBaseUrl
]

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: allTags
    skuName: storageSkuName
    containers: blobContainers
    queues: storageQueues
    blobCorsAllowedOrigins: browserOrigins
    roleAssignments: concat([
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionId: roles.storageBlobDataOwner
      }
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionId: roles.storageQueueDataContributor
      }
    ], withDeployer ? [
      {
        principalId: principalId
        roleDefinitionId: roles.storageBlobDataContributor
      }
      {
        principalId: principalId
        roleDefinitionId: roles.storageQueueDataContributor
      }
    ] : [])
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: allTags
    roleAssignments: concat([
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionId: roles.keyVaultSecretsUser
      }
    ], withDeployer ? [
      {
        principalId: principalId
        roleDefinitionId: roles.keyVaultSecretsOfficer
      }
    ] : [])
  }
}

module postgres 'core/database/postgres-flexible.bicep' = {
  name: 'postgres'
  scope: rg
  params: {
    name: '${abbrs.dBforPostgreSQLServers}${resourceToken}'
    location: location
    tags: allTags
    databaseName: postgresDatabaseName
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    highAvailabilityMode: postgresHighAvailability
    publicNetworkAccess: postgresPublicNetworkAccess
    firewallRules: postgresPublicNetworkAccess == 'Disabled' ? [] : concat(postgresAllowAzureServices ? [
      {
        name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
        startIpAddress: '0.0.0.0'
        endIpAddress: '0.0.0.0'
      }
    ] : [], empty(postgresClientIpAddress) ? [] : [
      {
        name: 'deploying-client'
        startIpAddress: postgresClientIpAddress
        endIpAddress: postgresClientIpAddress
      }
    ])
    // The deploying principal becomes an administrator too, in the postprovision hook (it knows the
    // principal's sign-in name from the same azd sign-in that provisions).
    administrators: [
      {
        principalId: identity.outputs.principalId
        principalName: identity.outputs.name
        principalType: 'ServicePrincipal'
      }
    ]
    passwordAuth: postgresPasswordAuth
    administratorLogin: postgresPasswordAuth ? 'clickkloudyadmin' : ''
    administratorLoginPassword: postgresAdministratorPassword
  }
}

module cosmos 'core/database/cosmos-nosql.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: allTags
    databaseName: cosmosDatabaseName
    containers: cosmosContainers
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributors: concat([
      {
        principalId: identity.outputs.principalId
      }
    ], withDeployer ? [
      {
        principalId: principalId
      }
    ] : [])
  }
}

module email 'core/communication/email.bicep' = if (emailBackend == 'acs') {
  name: 'email'
  scope: rg
  params: {
    name: '${abbrs.communicationServicesCommunicationServices}${resourceToken}'
    emailServiceName: '${abbrs.communicationServicesEmailServices}${resourceToken}'
    tags: allTags
    dataLocation: emailDataLocation
    roleAssignments: [
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionId: roles.communicationAndEmailServiceOwner
      }
    ]
  }
}

// The app's settings. shared/config.py reads them; tests/unit/test_infra.py checks that they satisfy
// its production validation, that they name real settings, and that they define every %NAME% a trigger
// binding names (schedules, queues): the Functions host resolves those from app settings alone, never
// from the code's defaults, and disables a function whose binding it cannot resolve. Secrets the app
// reads through its secret provider (the JWT signing key, the token data key, the Microsoft client
// secret) come from KEY_VAULT_URL at run time, so a rotation reaches every instance within minutes;
// secrets it reads as settings are Key Vault references resolved with the same identity.
var appSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AZURE_CLIENT_ID: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  ENVIRONMENT: 'production'
  LOG_LEVEL: logLevel
  PUBLIC_BASE_URL: siteUrl
  TRUST_FORWARDED_FOR: 'true'
  DATABASE_URL: 'postgresql://${identity.outputs.name}@${postgres.outputs.host}:5432/${postgres.outputs.databaseName}?sslmode=require'
  DATABASE_ENTRA_AUTH: 'true'
  DATABASE_POOL_MAX_SIZE: string(databasePoolMaxSize)
  MEDIA_CONTAINER: mediaContainerName
  PUBLISH_QUEUE: 'publish'
  STATUS_CHECK_QUEUE: 'status-check'
  ANALYTICS_QUEUE: 'analytics'
  WEBHOOKS_QUEUE: 'webhooks'
  DISPATCH_SCHEDULE: '*/10 * * * * *'
  SWEEP_SCHEDULE: '15 * * * * *'
  HEARTBEAT_SCHEDULE: '*/30 * * * * *'
  PURGE_SCHEDULE: '0 17 * * * *'
  TOKEN_REFRESH_SCHEDULE: '0 */10 * * * *'
  ANALYTICS_SCHEDULE: '0 5 * * * *'
  ANALYTICS_REPORT_SCHEDULE: '0 10 * * * *'
  COSMOS_ENDPOINT: cosmos.outputs.endpoint
  COSMOS_DATABASE: cosmosDatabaseName
  KEY_VAULT_URL: keyVault.outputs.uri
  EMAIL_BACKEND: emailBackend
  EMAIL_FROM: emailBackend == 'acs' ? 'clickKloudy <${email.outputs.senderAddress}>' : emailFrom
  ACS_ENDPOINT: emailBackend == 'acs' ? email.outputs.endpoint : ''
  SMTP_HOST: smtpHost
  SMTP_PORT: string(smtpPort)
  SMTP_USERNAME: smtpUsername
  SMTP_PASSWORD: emailBackend == 'smtp' ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=smtp-password)' : ''
  OPERATOR_EMAILS: operatorEmails
  MICROSOFT_CLIENT_ID: microsoftClientId
  MICROSOFT_AUTHORITY: microsoftAuthority
  MICROSOFT_ALLOWED_TENANTS: microsoftAllowedTenants
  X_CLIENT_ID: xClientId
  X_CLIENT_SECRET: empty(xClientId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=x-client-secret)'
  FACEBOOK_APP_ID: facebookAppId
  FACEBOOK_APP_SECRET: empty(facebookAppId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=facebook-app-secret)'
  INSTAGRAM_APP_ID: instagramAppId
  INSTAGRAM_APP_SECRET: empty(instagramAppId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=instagram-app-secret)'
  THREADS_APP_ID: threadsAppId
  THREADS_APP_SECRET: empty(threadsAppId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=threads-app-secret)'
  LINKEDIN_CLIENT_ID: linkedinClientId
  LINKEDIN_CLIENT_SECRET: empty(linkedinClientId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=linkedin-client-secret)'
  GOOGLE_CLIENT_ID: googleClientId
  GOOGLE_CLIENT_SECRET: empty(googleClientId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=google-client-secret)'
  TIKTOK_CLIENT_KEY: tiktokClientKey
  TIKTOK_CLIENT_SECRET: empty(tiktokClientKey) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=tiktok-client-secret)'
  PINTEREST_APP_ID: pinterestAppId
  PINTEREST_APP_SECRET: empty(pinterestAppId) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=pinterest-app-secret)'
}

module api 'core/host/functions-flex.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: allTags
    appTags: union(allTags, {
      'azd-service-name': 'api'
    })
    identityId: identity.outputs.resourceId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    appSettings: appSettings
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    corsAllowedOrigins: browserOrigins
    zoneRedundant: functionZoneRedundant
  }
}

module apiBackend 'core/host/static-web-app-backend.bicep' = if (staticWebAppSku == 'Standard') {
  name: 'static-web-app-backend'
  scope: rg
  params: {
    staticWebAppName: staticWebApp.outputs.name
    backendResourceId: api.outputs.resourceId
    backendLocation: location
  }
}

module alerts 'core/monitor/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: 'ck-${resourceToken}'
    location: location
    tags: allTags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    postgresServerId: postgres.outputs.resourceId
    actionGroupId: actionGroupId
    alertEmailAddress: alertEmailAddress
    failedPublishThreshold: alertFailedPublishThreshold
    functionErrorRatePercent: alertFunctionErrorRatePercent
    postgresCpuPercent: alertPostgresCpuPercent
  }
}

module workbook 'core/monitor/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: allTags
    displayName: 'clickKloudy publishing (${environmentName})'
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

// ---------------------------------------------------------------------------------------------------
// Outputs: azd keeps them in the environment (.azure/<env>/.env); the hooks read them.

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = subscription().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_WEB_NAME string = staticWebApp.outputs.name
output SERVICE_WEB_URI string = staticWebApp.outputs.uri
// The SPA's API base URL, built into web/ (the hooks write it to web/.env.production.local as
// VITE_API_BASE_URL; a Static Web App's app settings never reach the browser). With the linked backend
// (Standard) the API is /api on the site's own origin, whatever domain serves it; on Free the SPA calls
// the function app itself.
output WEB_API_BASE_URL string = (staticWebAppSku == 'Standard') ? '/api' : '${api.outputs.uri}/api'
output PUBLIC_SITE_URL string = siteUrl
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output POSTGRES_SERVER_NAME string = postgres.outputs.name
output POSTGRES_HOST string = postgres.outputs.host
output POSTGRES_DATABASE string = postgres.outputs.databaseName
output POSTGRES_APP_ROLE string = identity.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
