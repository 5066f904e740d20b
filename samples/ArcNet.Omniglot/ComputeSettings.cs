using System.ComponentModel;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot;

/// <summary>Settings every command that computes shares.</summary>
internal abstract class ComputeSettings : CommandSettings
{
    [CommandOption("--threads <N>")]
    [Description("CPU threads for LibTorch. Default: LibTorch's choice (one per core). On a busy machine --threads 1 avoids threads spinning while they wait for a core.")]
    public int? Threads { get; init; }
}

/// <summary>Applies <see cref="ComputeSettings.Threads"/> before any command runs.</summary>
internal sealed class ThreadsInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (settings is ComputeSettings { Threads: int threads })
        {
            if (threads < 1)
                throw new ArgumentException($"--threads must be at least 1; got {threads}.");
            TorchRuntime.EnsureAvailable();
            TorchSharp.torch.set_num_threads(threads);
        }
    }
}
