using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using PassthroughWeb.Core.Transport;

namespace PassthroughWeb.Web.Transport;

/// <summary>Puts a <see cref="ListenPlan"/> into the web app: Kestrel's URLs and certificate, the Host filter, HSTS.</summary>
internal static class TransportPipeline
{
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static void AddTransport(this WebApplicationBuilder builder, ListenPlan plan, X509Certificate2? certificate)
    {
        builder.WebHost.UseUrls(plan.Urls);
        if (certificate is not null)
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        // The default web host already runs the Host filter first in the pipeline; this gives it the plan's names
        // (appsettings.json no longer says "*").
        builder.Services.Configure<HostFilteringOptions>(filter => filter.AllowedHosts = plan.AllowedHosts.ToList());
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = HstsMaxAge;
            hsts.IncludeSubDomains = false;
        });
    }

    /// <summary>First in the app's own pipeline: the headers, the proxy's scheme, then HSTS.</summary>
    public static void UseTransport(this WebApplication app, ListenPlan plan)
    {
        app.UseSecurityHeaders();
        if (plan.BehindTlsProxy)
        {
            // Believed only from loopback (the defaults' known proxies): a TLS proxy on this machine says the browser
            // spoke HTTPS, which HSTS and secure cookies need to know.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor });
        }
        // Sent on HTTPS responses only, and never for localhost (it would pin every app on localhost to HTTPS).
        if (plan.UsesHttps || plan.BehindTlsProxy) app.UseHsts();
    }
}
