// Azure Monitor Workbook for operators: publish outcomes by platform, lateness, queue depths, errors
// by code and platform-token health. The layout lives in publishing-workbook.json beside this file.

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Required. Name shown in the portal.')
param displayName string

@description('Required. Resource id of the Application Insights component the queries read.')
param applicationInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook names must be GUIDs; this one is stable per resource group, so redeploys update it.
  name: guid(resourceGroup().id, 'clickkloudy-publishing-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('publishing-workbook.json')
    version: '1.0'
  }
}

@description('Resource id of the workbook.')
output resourceId string = workbook.id
