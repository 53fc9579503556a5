// Links the function app to the Static Web App as its /api backend (Standard plan). A separate module
// because the link needs the function app, and the function app needs the site's URL first.

@description('Required. Name of the Static Web App.')
param staticWebAppName string

@description('Required. Resource id of the function app.')
param backendResourceId string

@description('Required. Region of the function app.')
param backendLocation string

resource site 'Microsoft.Web/staticSites@2024-04-01' existing = {
  name: staticWebAppName
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: site
  name: 'api'
  properties: {
    backendResourceId: backendResourceId
    region: backendLocation
  }
}
