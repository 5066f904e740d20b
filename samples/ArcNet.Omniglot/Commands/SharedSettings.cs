using System.ComponentModel;
using ArcNet.Data;
using ArcNet.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

// The options several commands share, each declared once. A command's settings derive from the level that holds
// what it takes: demo takes --threads only; compare and visualize a model; evaluate data too; the trainers a hold-out.

/// <summary>Settings every command that computes shares.</summary>
internal abstract class ComputeSettings : CommandSettings
{
    [CommandOption("--threads <N>")]
    [Description("CPU threads for LibTorch. Default 1: ARC's many small ops gain little from more threads, and LibTorch's threads spin while they wait for a busy core, which can make steps ten times slower. Raise it for ConvARC or large batches on a quiet machine.")]
    [DefaultValue(DefaultThreads)]
    public int Threads { get; init; } = DefaultThreads;

    internal const int DefaultThreads = 1;
}

/// <summary>Settings of the commands that work on one model: which model, and the device it runs on.</summary>
internal abstract class ModelSettings : ComputeSettings
{
    [CommandOption("--model <MODEL>")]
    [Description("The model: a file written by train. For train itself, the architecture to build: arc (plain ARC, the default) or convarc.")]
    public string? Model { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu (default), cuda or cuda:N.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    /// <summary>The comparator in the --model file, on the --device.</summary>
    internal ArcComparator LoadComparator() => ArcComparator.Load(Model!, TorchRuntime.ParseDevice(Device));

    /// <summary>Requires --model to name a file: every command but train reads a trained model.</summary>
    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <FILE> is required: the trained model (a file written by train).") : ValidationResult.Success();
}

/// <summary>Settings of the commands that run a trained comparator on two image files.</summary>
internal abstract class ImagePairSettings : ModelSettings
{
    [CommandArgument(0, "<imageA>")]
    [Description("First image (PNG, JPEG, WebP, BMP or GIF).")]
    public string ImageA { get; init; } = "";

    [CommandArgument(1, "<imageB>")]
    [Description("Second image.")]
    public string ImageB { get; init; } = "";
}

/// <summary>Settings of the commands that read Omniglot and draw random numbers.</summary>
internal abstract class DataSettings : ModelSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Omniglot folder or zip in the standard layout; repeat for several. Default: the embedded small background sets.")]
    public string[] Data { get; init; } = [];

    [CommandOption("--seed <S>")]
    [Description("Seed of everything random the command does: initial weights, pair and episode sampling, augmentation. Default 0.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <summary>The --data sources, or the embedded sets without any, prepared as <paramref name="preprocessing"/> says.</summary>
    internal ImageDataset LoadData(ImagePreprocessing preprocessing) => DataChoice.Load(Data, preprocessing);
}

/// <summary>Settings of the commands that train, which keep some alphabets out for one-shot evaluation.</summary>
internal abstract class HoldOutSettings : DataSettings
{
    [CommandOption("--hold-out <ALPHABETS>")]
    [Description("Comma-separated alphabets to keep out of training for one-shot evaluation. Default: the two smallest alphabets with 20 or more characters.")]
    public string? HoldOut { get; init; }

    /// <summary>The training alphabets of <paramref name="dataset"/> and those held out for 20-way one-shot evaluation.</summary>
    internal (ImageSubset Background, ImageSubset HeldOut) Split(ImageDataset dataset) => DataChoice.Split(dataset, HoldOut, ways: 20);
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
