using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PassthroughWeb.Core.Changes;

/// <summary>
/// SHA-256 over an unambiguous encoding: every string is preceded by a presence mark and its length in bytes, every
/// list by its count. So ["ab", "c"] and ["a", "bc"], or a missing file and an empty one, never hash alike.
/// </summary>
internal sealed class PlanEncoding : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public PlanEncoding(string domain) => Add(domain);

    public PlanEncoding Add(string? text)
    {
        if (text is null)
        {
            _hash.AppendData([0]);
            return this;
        }
        _hash.AppendData([1]);
        var bytes = Encoding.UTF8.GetBytes(text);
        Add(bytes.LongLength);
        _hash.AppendData(bytes);
        return this;
    }

    public PlanEncoding Add(long number)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, number);
        _hash.AppendData(buffer);
        return this;
    }

    public PlanEncoding Add(IReadOnlyCollection<string> texts)
    {
        Add(texts.Count);
        foreach (var text in texts) Add(text);
        return this;
    }

    /// <summary>The hash in lower-case hex (64 characters).</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    public static string Hash(string domain, Action<PlanEncoding> write)
    {
        using var encoding = new PlanEncoding(domain);
        write(encoding);
        return encoding.Finish();
    }
}
