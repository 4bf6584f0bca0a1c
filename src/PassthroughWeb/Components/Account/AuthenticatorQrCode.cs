using Microsoft.AspNetCore.Components;
using QRCoder;

namespace PassthroughWeb.Components.Account;

/// <summary>
/// The enrolment QR code as inline SVG markup: no image request, no <c>data:</c> URL, no script, so it renders under
/// the app's Content-Security-Policy. The markup is QRCoder's own (paths and rectangles built from the URI's bits,
/// never the URI's text), so it is safe to render as markup.
/// </summary>
public static class AuthenticatorQrCode
{
    public static MarkupString Svg(Uri enrolmentUri)
    {
        ArgumentNullException.ThrowIfNull(enrolmentUri);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(enrolmentUri.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new MarkupString(svg);
    }
}
