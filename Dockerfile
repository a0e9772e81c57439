# Multi-stage build of the FlagGrains silo. Configuration comes from environment variables only, e.g.
#   FlagGrains__Storage__Provider, FlagGrains__Storage__ConnectionString, FlagGrains__Cluster__*, FlagGrains__Bootstrap__AdminToken
# In cluster mode mount the silo's TLS certificate, key and the cluster authority read-only (e.g. -v ./tls:/tls:ro) and
# point FlagGrains__Cluster__Tls__CertificatePath / KeyPath / CaCertificatePath at them. .dockerignore keeps local
# databases, certificates and build output out of the build context.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props FlagGrains.sln ./
COPY src/ src/
RUN dotnet publish src/FlagGrains.Silo/FlagGrains.Silo.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown "$APP_UID" /data
USER $APP_UID
ENV Urls=http://0.0.0.0:8080 \
    FlagGrains__Storage__SqlitePath=/data/flaggrains.db \
    DOTNET_gcServer=1
VOLUME /data
# HTTP (OFREP, admin; FlagGrains__Http__AdminUrls may move the admin side to its own port), silo-to-silo, Orleans client gateway
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "FlagGrains.Silo.dll"]
