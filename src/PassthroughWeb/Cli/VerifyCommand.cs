using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Services;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb verify</c>: after the reboot, checks the host's newest applied change set and records the result.</summary>
public static class VerifyCommand
{
    public static Command Create(CliServices services)
    {
        var root = CommonOptions.Root("The host root to check.");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the checks");
        var command = new Command("verify", "After the reboot: check that the newest applied change set took effect (kernel parameters, IOMMU groups, the card on vfio-pci) and record it in the history.")
        {
            root, data, json,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), null, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var result = await engine.Get<VerifyOperation>().VerifyAsync(host, services.Actor, ct).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(StepDocumentMapper.Verify(host, result), CliJsonContext.Output.VerifyDocument)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(result.Message).ConfigureAwait(false);
                foreach (var check in result.Verification?.Checks ?? [])
                    await output.WriteLineAsync($"  [{(check.Passed ? "ok" : "FAIL")}] {check.Message}").ConfigureAwait(false);
            }
            return result.Outcome switch
            {
                StepVerifyOutcome.Passed => ExitCodes.Success,
                StepVerifyOutcome.Failed => ExitCodes.VerificationFailed,
                StepVerifyOutcome.RebootNeeded => ExitCodes.RebootNeeded,
                StepVerifyOutcome.NotAllowed => ExitCodes.NotAllowed,
                _ => ExitCodes.NothingToDo,
            };
        });
        return command;
    }
}
