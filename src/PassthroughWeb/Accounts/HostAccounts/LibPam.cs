using System.Runtime.InteropServices;

namespace PassthroughWeb.Accounts.HostAccounts;

/// <summary>
/// The part of Linux-PAM's C API (libpam.so.0, <c>security/pam_appl.h</c>) the app uses to check a host account's
/// password. The numbers are Linux-PAM's ABI; they have not changed since 0.99.
/// </summary>
internal static partial class LibPam
{
    private const string Library = "libpam.so.0";

    public const int Success = 0;
    public const int SystemError = 4;
    public const int BufferError = 5;
    public const int PermissionDenied = 6;
    public const int AuthenticationError = 7;
    public const int CredentialsInsufficient = 8;
    public const int AuthenticationInfoUnavailable = 9;
    public const int UserUnknown = 10;
    public const int MaxTries = 11;
    public const int NewAuthenticationTokenRequired = 12;
    public const int AccountExpired = 13;
    public const int ConversationError = 19;

    /// <summary><c>PAM_RHOST</c>: the remote address, for modules that log or rate-limit by it.</summary>
    public const int RemoteHostItem = 4;

    /// <summary><c>PAM_DISALLOW_NULL_AUTHTOK</c>: an account with an empty password does not sign in.</summary>
    public const int DisallowNullAuthenticationToken = 0x0001;

    /// <summary><c>PAM_SILENT</c>: the modules send no informational messages to the conversation.</summary>
    public const int Silent = 0x8000;

    public const int PromptEchoOff = 1;
    public const int PromptEchoOn = 2;
    public const int ErrorMessage = 3;
    public const int TextInfo = 4;

    /// <summary><c>struct pam_message</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Style;
        public nint Text;
    }

    /// <summary><c>struct pam_response</c>: PAM frees <see cref="Text"/> and the array with libc's free.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Response
    {
        public nint Text;
        public int ReturnCode;
    }

    /// <summary><c>struct pam_conv</c>: the conversation function and the pointer PAM hands back to it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct Conversation
    {
        public delegate* unmanaged[Cdecl]<int, Message**, Response**, nint, int> Function;
        public nint AppData;
    }

    [LibraryImport(Library, EntryPoint = "pam_start", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Start(string service, string user, Conversation* conversation, out nint handle);

    /// <summary>Like <see cref="Start"/>, reading the service's file from <paramref name="configurationDirectory"/> instead of /etc/pam.d (libpam 1.4 and later).</summary>
    [LibraryImport(Library, EntryPoint = "pam_start_confdir", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int StartWithConfigurationDirectory(string service, string user, Conversation* conversation, string configurationDirectory, out nint handle);

    [LibraryImport(Library, EntryPoint = "pam_set_item", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetItem(nint handle, int item, string value);

    [LibraryImport(Library, EntryPoint = "pam_authenticate")]
    public static partial int Authenticate(nint handle, int flags);

    [LibraryImport(Library, EntryPoint = "pam_acct_mgmt")]
    public static partial int AccountManagement(nint handle, int flags);

    [LibraryImport(Library, EntryPoint = "pam_end")]
    public static partial int End(nint handle, int lastStatus);

    /// <summary>PAM's own words for a status, for the log (they never hold the password).</summary>
    [LibraryImport(Library, EntryPoint = "pam_strerror")]
    public static partial nint Describe(nint handle, int status);
}
