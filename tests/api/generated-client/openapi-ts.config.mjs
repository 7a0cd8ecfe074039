// @hey-api/openapi-ts settings for the checked-in client (regenerate: npm run generate:client).
export default {
  input: 'tests/api/generated-client/openapi.json',
  output: { path: 'tests/api/generated-client/src', importFileExtension: '.js' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
};
