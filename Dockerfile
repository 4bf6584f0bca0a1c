# syntax=docker/dockerfile:1
# Multi-stage: the SDK builds and publishes, the ASP.NET runtime image runs. See README.md ("Run it in a container").

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that a change in the code does not download packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/PassthroughWeb/PassthroughWeb.csproj src/PassthroughWeb/
COPY src/PassthroughWeb.Core/PassthroughWeb.Core.csproj src/PassthroughWeb.Core/
COPY src/PassthroughWeb.Data/PassthroughWeb.Data.csproj src/PassthroughWeb.Data/
COPY migrations/PassthroughWeb.Migrations/PassthroughWeb.Migrations.csproj migrations/PassthroughWeb.Migrations/
COPY migrations/PassthroughWeb.Migrations.Postgres/PassthroughWeb.Migrations.Postgres.csproj migrations/PassthroughWeb.Migrations.Postgres/
RUN dotnet restore src/PassthroughWeb/PassthroughWeb.csproj
COPY . .
RUN dotnet publish src/PassthroughWeb/PassthroughWeb.csproj --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# nsenter (util-linux) runs host programs in the host's namespaces; lspci (pciutils) is one of those programs'
# fallbacks when the host lacks it.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends util-linux pciutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV PASSTHROUGHWEB_DATA=/var/lib/passthroughweb
VOLUME /var/lib/passthroughweb
EXPOSE 5080
ENTRYPOINT ["dotnet", "PassthroughWeb.dll"]
# Loopback only, with the host's network (docker run --network host, as docker-compose.yml does); for the LAN use
# --urls https://0.0.0.0:5443 (see docs/security.md).
CMD ["serve", "--root", "/host", "--nsenter", "--urls", "http://127.0.0.1:5080"]
