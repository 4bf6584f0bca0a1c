using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>
/// Checks a host account's password through the host's own PAM stack (service <c>passthroughweb</c>), as Cockpit and
/// Proxmox's pam realm do: whatever the host uses (shadow passwords, SSSD, LDAP, Kerberos) decides. The password
/// lives in managed memory only as long as the check, is zeroed after, and is never logged.
/// </summary>
public sealed class PamAuthenticator(IOptions<HostAccountOptions> options, ILogger<PamAuthenticator> logger)
{
    private const int Flags = LibPam.Silent | LibPam.DisallowNullAuthenticationToken;

    /// <summary>
    /// Authenticates <paramref name="user"/> and checks the account may be used (not expired, no forced password
    /// change). Blocking: PAM modules read files, ask daemons and sleep after a failure (pam_unix waits about 2 s).
    /// </summary>
    public HostPasswordResult Check(string user, string password, string? remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (!IsPlausibleUserName(user)) return new HostPasswordResult(HostPasswordOutcome.Refused, "not a user name");
        var state = new ConversationState(Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(password));
        var stateHandle = GCHandle.Alloc(state);
        try
        {
            var result = Run(user, remoteAddress, GCHandle.ToIntPtr(stateHandle));
            logger.LogInformation("PAM service {Service} answered {Outcome} for host account {User}: {Detail}",
                options.Value.PamService, result.Outcome, user, result.Detail);
            return result;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            logger.LogWarning("PAM is not usable on this host: {Error}", e.Message);
            return new HostPasswordResult(HostPasswordOutcome.Unavailable, "libpam.so.0 is not installed or too old: " + e.Message);
        }
        finally
        {
            stateHandle.Free();
            state.Clear();
        }
    }

    private unsafe HostPasswordResult Run(string user, string? remoteAddress, nint appData)
    {
        var conversation = new LibPam.Conversation { Function = &Converse, AppData = appData };
        // pam_start copies the conversation struct, so a local one is enough.
        var status = options.Value.PamConfigurationDirectory is { } directory
            ? LibPam.StartWithConfigurationDirectory(options.Value.PamService, user, &conversation, directory, out var handle)
            : LibPam.Start(options.Value.PamService, user, &conversation, out handle);
        if (status != LibPam.Success)
        {
            if (handle != 0) _ = LibPam.End(handle, status);
            return new HostPasswordResult(HostPasswordOutcome.Unavailable, $"pam_start failed with status {status}");
        }
        try
        {
            if (!string.IsNullOrEmpty(remoteAddress)) _ = LibPam.SetItem(handle, LibPam.RemoteHostItem, remoteAddress);
            status = LibPam.Authenticate(handle, Flags);
            if (status == LibPam.Success) status = LibPam.AccountManagement(handle, Flags);
            return new HostPasswordResult(Classify(status), Marshal.PtrToStringUTF8(LibPam.Describe(handle, status)) ?? $"status {status}");
        }
        finally
        {
            _ = LibPam.End(handle, status);
        }
    }

    private static HostPasswordOutcome Classify(int status) => status switch
    {
        LibPam.Success => HostPasswordOutcome.Accepted,
        LibPam.AuthenticationError or LibPam.UserUnknown or LibPam.MaxTries or LibPam.CredentialsInsufficient => HostPasswordOutcome.Refused,
        LibPam.AccountExpired or LibPam.NewAuthenticationTokenRequired or LibPam.PermissionDenied => HostPasswordOutcome.AccountUnusable,
        _ => HostPasswordOutcome.Unavailable,
    };

    /// <summary>
    /// Names that cannot be a Linux account go no further than this (no NUL, no path or option characters), so a
    /// crafted name never reaches a PAM module that might treat it specially.
    /// </summary>
    internal static bool IsPlausibleUserName(string name) =>
        name.Length is > 0 and <= 256 && name[0] != '-' && !name.Any(c => char.IsControl(c) || c is '/' or ':' or ' ');

    /// <summary>
    /// PAM's conversation function. Answers the password prompt (echo off) with the password and a name prompt (echo on)
    /// with the name; informational and error messages need no answer. The replies are allocated with libc's malloc
    /// (NativeMemory.AllocZeroed is calloc, NativeMemory.Alloc is malloc): PAM frees them with free().
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int Converse(int count, LibPam.Message** messages, LibPam.Response** responses, nint appData)
    {
        if (count <= 0 || messages == null || responses == null) return LibPam.ConversationError;
        LibPam.Response* replies = null;
        try
        {
            var state = (ConversationState)GCHandle.FromIntPtr(appData).Target!;
            replies = (LibPam.Response*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(LibPam.Response));
            for (var i = 0; i < count; i++)
            {
                // Linux-PAM passes an array of pointers to messages (not a pointer to an array, as Solaris does).
                switch (messages[i]->Style)
                {
                    case LibPam.PromptEchoOff:
                        replies[i].Text = CopyToNative(state.Password);
                        break;
                    case LibPam.PromptEchoOn:
                        replies[i].Text = CopyToNative(state.User);
                        break;
                    case LibPam.ErrorMessage or LibPam.TextInfo:
                        break;
                    default:
                        FreeReplies(replies, count);
                        return LibPam.ConversationError;
                }
            }
            *responses = replies;
            return LibPam.Success;
        }
        catch
        {
            // An exception must not cross into C; PAM treats the error as a failed conversation.
            if (replies != null) FreeReplies(replies, count);
            return LibPam.BufferError;
        }
    }

    private static unsafe nint CopyToNative(byte[] text)
    {
        var copy = (byte*)NativeMemory.Alloc((nuint)text.Length + 1);
        text.AsSpan().CopyTo(new Span<byte>(copy, text.Length));
        copy[text.Length] = 0;
        return (nint)copy;
    }

    private static unsafe void FreeReplies(LibPam.Response* replies, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (replies[i].Text == 0) continue;
            var text = (byte*)replies[i].Text;
            CryptographicOperations.ZeroMemory(new Span<byte>(text, checked((int)NativeLength(text))));
            NativeMemory.Free(text);
        }
        NativeMemory.Free(replies);
    }

    private static unsafe nuint NativeLength(byte* text)
    {
        nuint length = 0;
        while (text[length] != 0) length++;
        return length;
    }

    /// <summary>What the conversation function answers with, as UTF-8 bytes it can copy and the check can zero.</summary>
    private sealed class ConversationState(byte[] user, byte[] password)
    {
        public byte[] User { get; } = user;
        public byte[] Password { get; } = password;

        public void Clear() => CryptographicOperations.ZeroMemory(Password);
    }
}
