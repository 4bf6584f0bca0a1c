using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PassthroughWeb.Core.Host;

/// <summary>Runs programs on this machine with <see cref="ProcessStartInfo.ArgumentList"/>: no shell is ever involved.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(request.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in request.Arguments) start.ArgumentList.Add(argument);
        if (request.WorkingDirectory is not null) start.WorkingDirectory = request.WorkingDirectory;
        // Programs whose output we parse must not translate it.
        start.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return CommandResult.NotStarted($"{request.Program}: {e.Message}");
        }
        process.StandardInput.Close();
        var lines = request.OnOutput is { } onOutput ? new OutputLines(onOutput) : null;
        var stdout = ReadAsync(process.StandardOutput, CommandOutputStream.StandardOutput, lines, cancellationToken);
        var stderr = ReadAsync(process.StandardError, CommandOutputStream.StandardError, lines, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false)) { TimedOut = true };
        }
        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>
    /// Reads a whole output exactly as the program wrote it (line breaks, a missing final one), and hands each complete
    /// line to the watcher as soon as it arrives; a last line without a line break is handed over at the end.
    /// </summary>
    private static async Task<string> ReadAsync(StreamReader reader, CommandOutputStream stream, OutputLines? lines, CancellationToken cancellationToken)
    {
        if (lines is null) return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var whole = new StringBuilder();
        var line = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            whole.Append(buffer, 0, read);
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n') continue;
                line.Append(buffer, start, i - start);
                lines.Emit(stream, line);
                start = i + 1;
            }
            line.Append(buffer, start, read - start);
        }
        if (line.Length > 0) lines.Emit(stream, line);
        return whole.ToString();
    }

    /// <summary>Hands lines to the watcher one at a time: stdout and stderr are read on two threads.</summary>
    private sealed class OutputLines(Action<CommandOutputLine> onOutput)
    {
        private readonly Lock _lock = new();

        public void Emit(CommandOutputStream stream, StringBuilder line)
        {
            // A CRLF line break is one line break, not a line ending in a carriage return.
            var length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
            var text = line.ToString(0, length);
            line.Clear();
            lock (_lock) onOutput(new CommandOutputLine(stream, text));
        }
    }
}
