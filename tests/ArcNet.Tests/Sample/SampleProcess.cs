using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ArcNet.Tests.Sample;

/// <summary>
/// The built Omniglot sample (arcnet-omniglot) running as a child process, its output read as it comes. Disposing
/// kills it, so a failing test never leaves a training run behind.
/// </summary>
public sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _outputLines = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        // Read both pipes asynchronously: a child blocked on a full pipe would look like a hang.
        _process.OutputDataReceived += (_, e) => Receive(e.Data, _outputClosed, _outputLines);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data, _errorClosed, stream: null);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The sample's entry assembly, built beside this test assembly's configuration and framework.</summary>
    public static string Dll
    {
        get
        {
            // .../tests/ArcNet.Tests/bin/<Configuration>/<TargetFramework>/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string framework = output.Name, configuration = output.Parent!.Name;
            string root = Path.GetFullPath(Path.Combine(output.FullName, "..", "..", "..", "..", ".."));
            string dll = Path.Combine(root, "samples", "ArcNet.Omniglot", "bin", configuration, framework, "arcnet-omniglot.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException(
                $"The sample is not built at '{dll}'; build the test project (it builds the sample first) or the solution.", dll);
        }
    }

    public static SampleProcess Start(params string[] arguments) => new(arguments);

    /// <summary>Everything printed so far, stdout and stderr interleaved in arrival order.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Standard output alone, what a pipe into another program gets: the results, without progress or messages.</summary>
    public IReadOnlyList<string> OutputLines => _outputLines.ToArray();

    public string Output => string.Join(Environment.NewLine, Lines);

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until a line satisfies <paramref name="match"/>; throws with the output so far if the process ends or time runs out first.</summary>
    public async Task<string> WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Lines.FirstOrDefault(match) is { } line)
                return line;
            if (_process.HasExited && _outputClosed.Task.IsCompleted)
                throw new InvalidOperationException($"The sample exited with code {_process.ExitCode} before printing the awaited line:{Environment.NewLine}{Output}");
            await Task.Delay(20);
        }
        throw new TimeoutException($"The sample did not print the awaited line within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
    }

    /// <summary>Sends the process SIGINT, what Ctrl-C in a terminal sends (POSIX only).</summary>
    public void Interrupt()
    {
        if (kill(_process.Id, SigInt) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGINT) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    private const int SigInt = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Kills the process at once (SIGKILL: no handlers, no cleanup, like a power cut) and waits for its output to close.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits for the process to end and its output to be read completely.</summary>
    public async Task WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The sample did not exit within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
        _process.Dispose();
    }

    private void Receive(string? line, TaskCompletionSource closed, ConcurrentQueue<string>? stream)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        _lines.Enqueue(line);
        stream?.Enqueue(line);
    }
}
