using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.VirtualMachines.Creation;

using PassthroughWeb.Services.Operations;
using PassthroughWeb.Services.Requests;
using PassthroughWeb.Services.Vm;

namespace PassthroughWeb.Cli;

/// <summary>
/// <c>PassthroughWeb create-vm</c>: plans a new Windows VM with the guide's choices (the domain XML, the disk, the
/// findings) and, with <c>--yes</c>, creates it through the change engine (rolling that change set back undefines it
/// and deletes its disk).
/// </summary>
public static class CreateVmCommand
{
    public static Command Create(CliServices services)
    {
        var name = new Option<string>("--name") { Description = "The new VM's name.", HelpName = "NAME", Required = true };
        var iso = new Option<string>("--iso") { Description = "The Windows installation ISO, as an absolute path on the host.", HelpName = "PATH", Required = true };
        var gpu = new Option<string?>("--gpu")
        {
            Description = "The card to pass through, by PCI address (all functions of its slot go together). Leave it out to install Windows first and add the card with 'plan --steps vm'.",
            HelpName = "ADDR",
        };
        var windows = new Option<string>("--windows") { Description = "10 or 11 (11 gets Secure Boot and a TPM 2.0).", HelpName = "VERSION", DefaultValueFactory = _ => "11" };
        var vcpus = new Option<int?>("--vcpus") { Description = "Virtual CPUs. Default: every logical CPU but two cores' worth.", HelpName = "N" };
        var memory = new Option<string?>("--memory") { Description = "Memory, as 8G or 8192M (a plain number is GiB). Default: 8 GiB, or less when the host cannot spare it.", HelpName = "SIZE" };
        var disk = new Option<string?>("--disk") { Description = "The new qcow2 disk's size, as 64G (a plain number is GiB). Default: 64 GiB.", HelpName = "SIZE" };
        var pool = new Option<string>("--pool") { Description = "The libvirt storage pool for the disk.", HelpName = "NAME", DefaultValueFactory = _ => NewVmRequest.DefaultPool };
        var network = new Option<string>("--network") { Description = "A libvirt network by name (default: libvirt's NAT network), or bridge:BR for a host bridge.", HelpName = "NET", DefaultValueFactory = _ => "default" };
        var virtioIso = new Option<string?>("--virtio-iso") { Description = "The virtio-win driver ISO (absolute path): the disk and network card are then virtio; without it SATA and e1000e.", HelpName = "PATH" };
        var connect = CommonOptions.Connect();
        var root = CommonOptions.Root("The host root (CPUs, memory, OVMF, swtpm and the ISOs are read under it).");
        var data = CommonOptions.Data();
        var json = StepCommandSupport.Json("the plan (or what was created)");
        var yes = new Option<bool>("--yes") { Description = "Confirm: create the disk and define the VM. Without it the plan is shown and nothing is created." };
        var command = new Command("create-vm", "Plan a new Windows VM for passthrough with the guide's choices (q35, UEFI, the card's functions on one slot) and, with --yes, create it as one change set.")
        {
            name, iso, gpu, windows, vcpus, memory, disk, pool, network, virtioIso, connect, root, data, json, yes,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var rootPath = parseResult.GetValue(root) ?? "/";
            if (!await StepCommandSupport.CheckRootAsync(rootPath, error).ConfigureAwait(false)) return ExitCodes.RootNotFound;
            var request = ReadRequest(parseResult, name, iso, gpu, windows, vcpus, memory, disk, pool, network, virtioIso, out var problem);
            if (request is null)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            var connection = parseResult.GetValue(connect);
            using var engine = await CliEngine.OpenAsync(services, CommonOptions.ResolveDataDirectory(parseResult.GetValue(data), services), connection, error, ct).ConfigureAwait(false);
            if (engine is null) return ExitCodes.DataDirectoryUnusable;
            var host = StepCommandSupport.HostAt(rootPath);
            var uri = engine.Get<VmSteps>().ConnectionOf(host, connection);
            var changesLibvirt = engine.Get<VmSteps>().ChangesLibvirt(host, connection);
            var libvirt = engine.Get<VmSteps>().LibvirtTarget(host, connection);

            if (!parseResult.GetValue(yes))
            {
                var planned = await engine.Get<VmSteps>().PlanCreateAsync(host, request, connection, ct).ConfigureAwait(false);
                if (parseResult.GetValue(json))
                    await output.WriteLineAsync(JsonSerializer.Serialize(VmDocumentMapper.Create(host, uri, changesLibvirt, libvirt, planned, null), CliJsonContext.Output.CreateVmDocument)).ConfigureAwait(false);
                else
                    await output.WriteAsync(VmTextRenderer.Creation(host, uri, libvirt, planned)).ConfigureAwait(false);
                await error.WriteLineAsync(VmCommandSupport.CreationMessage(planned)).ConfigureAwait(false);
                // As apply without --yes: nothing changed, and a script that forgot --yes must notice.
                return ExitCodes.Refused;
            }

            var result = await engine.Get<VmSteps>().CreateAsync(host, request, connection, services.Actor, ct).ConfigureAwait(false);
            if (parseResult.GetValue(json) && result.Creation is { } creation)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(VmDocumentMapper.Create(host, uri, changesLibvirt, libvirt, creation, result), CliJsonContext.Output.CreateVmDocument)).ConfigureAwait(false);
            }
            else
            {
                if (result.ChangeSetId is { } id) await output.WriteLineAsync(id.ToString()).ConfigureAwait(false);
                if (result.Creation is { IsRefused: true } refused) await error.WriteAsync(VmTextRenderer.Creation(host, uri, libvirt, refused)).ConfigureAwait(false);
                await error.WriteAsync(VmTextRenderer.Applied(result)).ConfigureAwait(false);
            }
            return ApplyCommand.ExitCodeOf(result);
        });
        return command;
    }

    private static NewVmRequest? ReadRequest(ParseResult parseResult, Option<string> name, Option<string> iso, Option<string?> gpu, Option<string> windows,
        Option<int?> vcpus, Option<string?> memory, Option<string?> disk, Option<string> pool, Option<string> network, Option<string?> virtioIso, out string? problem) =>
        NewVmRequestReader.Read(parseResult.GetValue(name), parseResult.GetValue(iso), parseResult.GetValue(gpu), parseResult.GetValue(windows), parseResult.GetValue(vcpus),
            parseResult.GetValue(memory), parseResult.GetValue(disk), parseResult.GetValue(pool), parseResult.GetValue(network), parseResult.GetValue(virtioIso),
            StepRequestWords.CommandLine, out problem);
}
