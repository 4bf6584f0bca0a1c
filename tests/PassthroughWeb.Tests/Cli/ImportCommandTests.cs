using System.Text.Json;
using PassthroughWeb.Cli;
using PassthroughWeb.Core.Demo;
using PassthroughWeb.Data;
using PassthroughWeb.Tests.Data;

namespace PassthroughWeb.Tests.Cli;

/// <summary>
/// <c>import</c> into the local data directory: the verdicts and what a listing cannot show on stdout, the profile stored
/// as an imported host; bad input is refused with exit 6 or 2 and stores nothing. (Through <c>--url</c>: ImportBrowserTests.)
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private const string Node = "gpu-node-017";
    private readonly TemporaryDataDirectory _data = new();
    private readonly string _files = Directory.CreateTempSubdirectory("passthroughweb-import-").FullName;

    public void Dispose()
    {
        _data.Dispose();
        Directory.Delete(_files, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<HostSummary?> StoredHostAsync()
    {
        await using var db = await PassthroughDatabase.OpenAsync(_data.Path, TestContext.Current.CancellationToken);
        return await new ProfileStore(db).FindHostAsync(Node, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Import_GuideLoopFile_PrintsTheVerdictsAndWhatItCannotKnowAndStoresAnImportedHost()
    {
        var file = Write("iommu.txt", SampleWorkstation.ListingText);

        var run = await CliRun.RunAsync("import", "--name", Node, file, "--data", _data.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith($"Imported {Node} from iommu.txt (IOMMU groups, the guide's loop):", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("0000:07:00.0  Advanced Micro Devices, Inc. [AMD/ATI] Navi 23 [Radeon RX 6600/6600 XT/6600M]  [READY]", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("What an import cannot know", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("boot_vga", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(HostSource.Import, (await StoredHostAsync())!.Source);
    }

    [Fact]
    public async Task Import_LspciNnFromStdinAsJson_PrintsTheProfileDocumentWithUnknownVerdicts()
    {
        var listing =
            "00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3ec2] (rev 07)\n" +
            "01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP108 [GeForce GT 1030] [10de:1d01] (rev a1)\n";
        var services = CliServices.Default with { StandardInput = new StringReader(listing) };

        var run = await CliRun.RunAsync(services, "import", "--name", Node, "-", "--json", "--data", _data.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = JsonDocument.Parse(run.StandardOutput);
        var import = json.RootElement.GetProperty("import");
        Assert.Equal("lspci-nn", import.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, import.GetProperty("sourceName").ValueKind);
        Assert.Equal("unknown", json.RootElement.GetProperty("gpus")[0].GetProperty("verdict").GetString());
        Assert.False(json.RootElement.GetProperty("iommu").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Import_BinaryFile_IsRefusedWithExit6AndStoresNothing()
    {
        var file = Path.Combine(_files, "initramfs.img");
        File.WriteAllBytes(file, [0x07, 0x07, 0x01, 0x00, 0x00, 0x00, 0x30, 0x37, 0x30, 0x37, 0x30, 0x31]);

        var run = await CliRun.RunAsync("import", "--name", Node, file, "--data", _data.Path);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("binary data", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
        Assert.Null(await StoredHostAsync());
    }

    [Theory]
    [InlineData("gpu node", "is not a host name")]
    [InlineData(Node, "does not exist")]
    public async Task Import_BadNameOrMissingFile_IsAUsageError(string name, string message)
    {
        var run = await CliRun.RunAsync("import", "--name", name, Path.Combine(_files, "missing.txt"), "--data", _data.Path);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
    }
}
