from ninja import NinjaAPI

api = NinjaAPI(title="dangvu API", version="1", openapi_url="/schema", docs_url="/docs", urls_namespace="api")
