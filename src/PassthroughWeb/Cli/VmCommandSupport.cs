using System.CommandLine;
using PassthroughWeb.Core.VirtualMachines;
using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Requests;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>What the verbs of steps 4 and 5 share: reading <c>--steps</c>, opening the services, and the shell lines they suggest.</summary>
internal static class VmCommandSupport
{
    /// <summary>
    /// Whether <c>--steps</c> asks for the VM step: true for <c>vm</c> alone, false when it is not named, null (with the
    /// problem) when it is combined with steps 2 or 3, which need a reboot the VM step does not.
    /// </summary>
    public static bool? IsVmStep(string stepsText, out string? problem) => StepRequestReader.IsVmStep(stepsText, StepRequestWords.CommandLine, out problem);

    /// <summary>The command line that asks the VM to shut down cleanly, quoted for a POSIX shell.</summary>
    public static string ShutdownCommandLine(string vm, string connection) =>
        $"PassthroughWeb vm-shutdown --vm {Quote(vm)}" + (connection == Virsh.DefaultConnection ? "" : $" --connect {Quote(connection)}");

    /// <summary>What a new-VM plan means, in one paragraph.</summary>
    public static string CreationMessage(VmCreationResult planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.IsRefused
            ? "Nothing can be created yet: " + string.Join(" ", planned.Refusals.Select(r => r.ToString()))
            : "Nothing was created: this is the plan. Run the same command with --yes to create the disk and define the VM.";
    }

    /// <summary>Single quotes when the word holds anything a shell reads specially.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '+' or '@' or '=')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
