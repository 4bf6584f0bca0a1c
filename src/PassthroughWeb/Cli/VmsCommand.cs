using System.CommandLine;
using System.Text.Json;
using PassthroughWeb.Cli.Json;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Cli;

/// <summary><c>PassthroughWeb vms</c>: the VMs (domains) defined at a libvirt connection, their state and the PCI functions each is given.</summary>
public static class VmsCommand
{
    public static Command Create(CliServices services)
    {
        var connect = CommonOptions.Connect();
        var json = StepCommandSupport.Json("the VMs");
        var command = new Command("vms", "List the VMs defined at the libvirt connection: name, state, and the host PCI functions each one is given. Changes nothing.")
        {
            connect, json,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var connection = parseResult.GetValue(connect);
            var virsh = new Virsh(services.CommandRunner, string.IsNullOrWhiteSpace(connection) ? Virsh.DefaultConnection : connection.Trim());
            var listed = await virsh.ListDomainsAsync(ct).ConfigureAwait(false);
            if (!listed.Succeeded)
            {
                await error.WriteLineAsync(listed.Error.Message).ConfigureAwait(false);
                return ExitCodes.LibvirtFailed;
            }
            var domains = listed.GetValue();
            // One dumpxml per VM: its persistent definition says which functions it takes at its next start.
            var definitions = new Dictionary<string, DomainDefinition?>(StringComparer.Ordinal);
            foreach (var domain in domains)
            {
                var xml = await virsh.DumpXmlAsync(domain.Name, inactive: true, ct).ConfigureAwait(false);
                definitions[domain.Name] = xml.Succeeded && DomainDefinition.TryParse(xml.GetValue(), out var definition, out _) ? definition : null;
            }
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(VmDocumentMapper.List(virsh.Connection, domains, definitions), CliJsonContext.Output.VmListDocument)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            if (domains.Count == 0)
            {
                await output.WriteLineAsync($"No VMs are defined at {virsh.Connection}. Create one with 'PassthroughWeb create-vm'.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            var width = Math.Max(4, domains.Max(d => d.Name.Length));
            await output.WriteLineAsync($"{"NAME".PadRight(width)}  {"STATE",-22}  PCI FUNCTIONS").ConfigureAwait(false);
            foreach (var domain in domains)
            {
                var hostdevs = definitions[domain.Name] is { } definition
                    ? definition.PciHostdevs.Count == 0 ? "none" : string.Join(", ", definition.PciHostdevs.Select(h => h.Source))
                    : "(definition unreadable)";
                await output.WriteLineAsync($"{domain.Name.PadRight(width)}  {DomainStates.Describe(domain.State),-22}  {hostdevs}").ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
