using PassthroughWeb.Core.VirtualMachines.Creation;
using PassthroughWeb.Services.Requests;

namespace PassthroughWeb.Web.Api;

/// <summary>
/// The body of <c>POST /api/hosts/{name}/vms/plan</c> and <c>…/vms/create</c>: the new VM's form, the same fields as
/// <c>create-vm</c>'s options, read by the same <see cref="NewVmRequestReader"/>; create adds the <c>planId</c> the plan answered.
/// </summary>
public sealed record NewVmRequestBody
{
    /// <summary>Create only: the <c>planId</c> that <c>POST /api/hosts/{name}/vms/plan</c> answered for this same form.</summary>
    public string? PlanId { get; init; }

    /// <summary>The new VM's name.</summary>
    public string? Name { get; init; }

    /// <summary>The Windows installation ISO, as an absolute path on the host.</summary>
    public string? Iso { get; init; }

    /// <summary>The card to pass through, by PCI address (all functions of its slot go together); none: install Windows first and add the card with step 4.</summary>
    public string? Gpu { get; init; }

    /// <summary>"10" or "11" (11 gets Secure Boot and a TPM 2.0); default "11".</summary>
    public string? Windows { get; init; }

    /// <summary>Virtual CPUs; default every logical CPU but two cores' worth.</summary>
    public int? Vcpus { get; init; }

    /// <summary>Memory, as "8G" or "8192M" (a plain number is GiB); default 8 GiB, or less when the host cannot spare it.</summary>
    public string? Memory { get; init; }

    /// <summary>The new qcow2 disk's size, as "64G"; default 64 GiB.</summary>
    public string? Disk { get; init; }

    /// <summary>The libvirt storage pool for the disk; default "default".</summary>
    public string? Pool { get; init; }

    /// <summary>A libvirt network by name (default: libvirt's NAT network "default"), or "bridge:BR" for a host bridge.</summary>
    public string? Network { get; init; }

    /// <summary>The virtio-win driver ISO (absolute path): the disk and network card are then virtio; without it SATA and e1000e.</summary>
    public string? VirtioIso { get; init; }

    /// <summary>The form as the planner's request; null and a message that says what is accepted on bad input.</summary>
    public NewVmRequest? Read(out string? problem) =>
        NewVmRequestReader.Read(Name, Iso, Gpu, Windows, Vcpus, Memory, Disk, Pool, Network, VirtioIso, StepRequestWords.Json, out problem);
}
