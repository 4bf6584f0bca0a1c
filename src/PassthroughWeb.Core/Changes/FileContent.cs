using System.Text;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// Plans carry text; files hold bytes. A file is only edited when its bytes are valid UTF-8 (so writing the text
/// back cannot garble anything), and a byte order mark the original had is kept.
/// </summary>
internal static class FileContent
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static bool TryDecode(byte[] bytes, out string text, out bool bom)
    {
        bom = bytes.AsSpan().StartsWith(Bom);
        try
        {
            text = Strict.GetString(bom ? bytes[Bom.Length..] : bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    public static byte[] Encode(string text, bool bom) => bom ? [.. Bom, .. Strict.GetBytes(text)] : Strict.GetBytes(text);
}
