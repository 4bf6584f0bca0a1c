using System.CommandLine;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb vm-shutdown --vm NAME</c>: asks a running VM to shut down cleanly (ACPI), never forces it off; recorded in the history.</summary>
public static class VmShutdownCommand
{
    public static Command Create(CliServices services)
    {
        var vm = new Option<string>("--vm") { Description = "The VM to ask, as `vms` lists it.", HelpName = "NAME", Required = true };
        var connect = CommonOptions.Connect();
        var root = CommonOptions.Root("The host whose history records the request, by its root.");
        var data = CommonOptions.Data();
        var command = new Command("vm-shutdown", "Ask a running VM to shut down cleanly (the ACPI power button, virsh shutdown) so step 4 can edit it. It never forces a VM off; the guest decides when it stops.")
        {
            vm, connect, root, data,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            var name = parseResult.GetValue(vm)!;
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), parseResult.GetValue(connect), error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var permitted = await engine.Get<VmSteps>().ShutdownAsync(host, parseResult.GetValue(connect), name, services.Actor, ct).ConfigureAwait(false);
            if (permitted.Denied is { } denied)
            {
                await error.WriteLineAsync(denied.Message).ConfigureAwait(false);
                return ExitCodes.NotAllowed;
            }
            var result = permitted.Value;
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(result.Error.Message).ConfigureAwait(false);
                if (result.Error.Detail.Length > 0 && result.Error.Detail != result.Error.Message) await error.WriteLineAsync("  virsh: " + result.Error.Detail).ConfigureAwait(false);
                return ExitCodes.LibvirtFailed;
            }
            await output.WriteLineAsync($"Asked '{name}' to shut down cleanly (the ACPI power button). The guest decides when it stops: " +
                                        "'PassthroughWeb vms' shows it shut off when it is; then plan step 4 again.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
