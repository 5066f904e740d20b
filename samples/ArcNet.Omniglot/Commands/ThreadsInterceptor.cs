using ArcNet.Runtime;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary>Applies <see cref="ComputeSettings.Threads"/> before any command runs.</summary>
internal sealed class ThreadsInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (settings is ComputeSettings computing)
        {
            int threads = computing.Threads ?? ComputeSettings.DefaultThreads;
            if (threads < 1)
                throw new ArgumentException($"--threads must be at least 1; got {threads}.");
            TorchRuntime.EnsureAvailable();
            TorchSharp.torch.set_num_threads(threads);
        }
    }
}
