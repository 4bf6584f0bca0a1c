using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb guest --vm NAME --gpu ADDR</c>: step 5. The card's driver advice, the checks the app makes itself
/// (VM running, the card in its live XML, the guest agent's view of Windows), the problems they point at and those to
/// watch for; <c>--done</c> records in the history that the user saw the driver work.
/// </summary>
public static class GuestCommand
{
    public static Command Create(CliServices services)
    {
        var vm = new Option<string>("--vm") { Description = "The VM the card was given to, as `vms` lists it.", HelpName = "NAME", Required = true };
        var gpu = StepCommandSupport.Gpu();
        var connect = CommonOptions.Connect();
        var root = CommonOptions.Root("The host root the card is scanned under.");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the checks and the advice");
        var done = new Option<bool>("--done") { Description = "Record that the driver works in the guest: step 5 is done for this VM (in the history)." };
        var command = new Command("guest", "Step 5: the card's Windows driver (where, what, what you should see), the app's own checks of the VM and the guest, and the known problems with their fixes.")
        {
            vm, gpu, connect, root, data, json, done,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            if (StepCommandSupport.ReadGpu(parseResult.GetValue(gpu)!, out var problem) is not { } card)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var name = parseResult.GetValue(vm)!;
            var connection = parseResult.GetValue(connect);
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), connection, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var report = await engine.Get<VmSteps>().CheckGuestAsync(host, card, name, connection, ct).ConfigureAwait(false);
            var marked = false;
            if (parseResult.GetValue(done) && report.Problem is null)
            {
                var permitted = await engine.Get<VmSteps>().MarkGuestDriversDoneAsync(host, name, card, services.Actor, ct).ConfigureAwait(false);
                if (permitted.Denied is { } denied)
                {
                    await error.WriteLineAsync(denied.Message).ConfigureAwait(false);
                    return ExitCodes.NotAllowed;
                }
                var eventId = permitted.Value;
                var recorded = (await engine.Get<HistoryQuery>().HistoryAsync(host.Name, ct).ConfigureAwait(false)).Events.First(e => e.Id == eventId);
                report = report with { MarkedDoneAt = recorded.At };
                marked = true;
            }
            if (parseResult.GetValue(json))
                await output.WriteLineAsync(JsonSerializer.Serialize(VmDocumentMapper.Guest(host, card, report), CliJsonContext.Output.GuestDocument)).ConfigureAwait(false);
            else
                await output.WriteAsync(VmTextRenderer.Guest(host, card, report)).ConfigureAwait(false);
            if (report.Problem is { } why)
            {
                await error.WriteLineAsync(why).ConfigureAwait(false);
                if (parseResult.GetValue(done)) await error.WriteLineAsync(VmSteps.NotMarkedUnchecked).ConfigureAwait(false);
                return report.LibvirtError is null ? ExitCodes.CannotPlan : ExitCodes.LibvirtFailed;
            }
            if (marked)
            {
                await error.WriteLineAsync($"Step 5 is marked done for '{name}' in the history of {host.Name}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            return report.Report is { AllPassed: true } ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }
}
