// Static Web App serving the SPA in web/. On the Standard plan the function app is linked as its
// backend (static-web-app-backend.bicep), so /api/* is served from the site's own origin and cookies
// and CSRF work as in `make dev`; on the Free plan the SPA calls the function app's URL (CORS).
// The site has no app settings: they reach only a Static Web App's own managed functions, never the
// files it serves. The SPA's API base URL is built into it instead (main.bicep, WEB_API_BASE_URL).

@description('Required. Static Web App name.')
param name string

@description('Optional. Region (Static Web Apps run in a few regions only).')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Optional. Free or Standard; linking the API backend needs Standard.')
@allowed([
  'Free'
  'Standard'
])
param sku string = 'Standard'

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

@description('Name of the Static Web App.')
output name string = site.name

@description('HTTPS URL of the site.')
output uri string = 'https://${site.properties.defaultHostname}'
