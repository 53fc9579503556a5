// Log Analytics and workspace-based Application Insights with local (key) authentication off:
// telemetry is accepted only from Entra identities holding Monitoring Metrics Publisher.

@description('Required. Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Optional. Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Role assignments on the Application Insights component: {principalId, principalType (optional: Azure looks the principal up without it), roleDefinitionId}.')
param roleAssignments array = []

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

resource applicationInsightsRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for assignment in roleAssignments: {
  name: guid(applicationInsights.id, assignment.principalId, assignment.roleDefinitionId)
  scope: applicationInsights
  properties: {
    principalId: assignment.principalId
    principalType: assignment.?principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]

@description('Resource id of the Log Analytics workspace.')
output logAnalyticsWorkspaceId string = logAnalytics.id

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Resource id of the Application Insights component.')
output applicationInsightsId string = applicationInsights.id

@description('Connection string (carries no secret: local auth is off, writers authenticate with Entra).')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
