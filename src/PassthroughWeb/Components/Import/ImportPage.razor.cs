using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PassthroughWeb.Components.Shared;
using PassthroughWeb.Core.Import;
using PassthroughWeb.Services;
using PassthroughWeb.Services.Operations;

namespace PassthroughWeb.Components.Import;

/// <summary>
/// Imports a host that does not run the app: a name, and a listing pasted or uploaded. The operation checks the role
/// (Operators) and the text; on success the page opens the imported host, which shows its verdicts read-only.
/// </summary>
public partial class ImportPage
{
    /// <summary>The guide's loop, as the guide gives it, closed so that it can be pasted into a shell.</summary>
    public const string GuideLoop =
        "shopt -s nullglob\n" +
        "for g in $(find /sys/kernel/iommu_groups/* -maxdepth 0 -type d | sort -V); do\n" +
        "    echo \"IOMMU Group ${g##*/}:\"\n" +
        "    for d in $g/devices/*; do\n" +
        "        echo -e \"\\t$(lspci -nns ${d##*/})\"\n" +
        "    done\n" +
        "done";

    private const string Placeholder =
        "IOMMU Group 1:\n\t00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901] (rev 05)\n" +
        "\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1070] [10de:1b81] (rev a1)";

    // An upload is read no further than a listing can be long (a character is at most 4 bytes of UTF-8).
    private const long MaxFileBytes = 4L * ListingImporter.MaxCharacters;

    private string _name = "";
    private string _listing = "";
    private string? _fileName;
    private string? _error;
    private bool _importing;

    [Inject] public required ImportOperation Imports { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>The signed-in user, passed into the operation (which checks the role, not only this page's attribute).</summary>
    [Inject] public required PassthroughWeb.Web.Access.CurrentActor Actors { get; init; }

    private async Task LoadFileAsync(InputFileChangeEventArgs e)
    {
        _error = null;
        var file = e.File;
        if (file.Size > MaxFileBytes)
        {
            _error = $"{file.Name} is {file.Size:N0} bytes: far larger than any listing (a 500-device server's is under 100 KB). Upload the output of one command.";
            return;
        }
        try
        {
            await using var stream = file.OpenReadStream(MaxFileBytes);
            using var reader = new StreamReader(stream);
            _listing = await reader.ReadToEndAsync();
            _fileName = file.Name;
        }
        catch (IOException ex)
        {
            _error = $"{file.Name} could not be read: {ex.Message}";
        }
    }

    private async Task ImportAsync()
    {
        _importing = true;
        _error = null;
        try
        {
            var result = await Imports.ImportAsync(_name, _listing, _fileName, await Actors.GetAsync(), CancellationToken.None);
            if (result.Succeeded)
            {
                Navigation.NavigateTo(HostLinks.Host(result.Report!.HostName));
                return;
            }
            _error = result.Message;
        }
        finally
        {
            _importing = false;
        }
    }
}
