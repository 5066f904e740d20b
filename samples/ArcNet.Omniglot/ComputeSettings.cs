using System.ComponentModel;
using ArcNet.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot;

/// <summary>Settings every command that computes shares.</summary>
internal abstract class ComputeSettings : CommandSettings
{
    [CommandOption("--threads <N>")]
    [Description("CPU threads for LibTorch. Default 1: ARC's many small ops gain little from more threads, and LibTorch's threads spin while they wait for a busy core, which can make steps ten times slower. Raise it for ConvARC or large batches on a quiet machine.")]
    [DefaultValue(DefaultThreads)]
    public int Threads { get; init; } = DefaultThreads;

    internal const int DefaultThreads = 1;
}

/// <summary>Applies <see cref="ComputeSettings.Threads"/> before any command runs.</summary>
internal sealed class ThreadsInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (settings is ComputeSettings { Threads: var threads })
        {
            if (threads < 1)
                throw new ArgumentException($"--threads must be at least 1; got {threads}.");
            TorchRuntime.EnsureAvailable();
            TorchSharp.torch.set_num_threads(threads);
        }
    }
}

/// <summary>Settings of the commands that run a trained comparator on two image files.</summary>
internal abstract class ImagePairSettings : ComputeSettings
{
    [CommandOption("--model <FILE>")]
    [Description("A model written by train.")]
    public string? Model { get; init; }

    [CommandArgument(0, "<imageA>")]
    [Description("First PNG image.")]
    public string ImageA { get; init; } = "";

    [CommandArgument(1, "<imageB>")]
    [Description("Second PNG image.")]
    public string ImageB { get; init; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <FILE> is required: the trained model to compare with.") : ValidationResult.Success();
}
