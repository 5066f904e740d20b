using System.ComponentModel;
using ArcNet.Data;
using ArcNet.Models.Omniglot;
using ArcNet.Omniglot.Data;
using ArcNet.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

// The options several commands share, each declared once. A command's settings derive from the level that holds
// what it takes: demo takes --threads only; compare, classify and visualize a model file; evaluate data too; the
// trainers a hold-out; train also how to prepare the images (later commands read that from the model file).

/// <summary>Settings every command that computes shares.</summary>
internal abstract class ComputeSettings : CommandSettings
{
    [CommandOption("--threads <N>")]
    [Description("CPU threads for LibTorch. Default: as many as pay on a quiet machine (when training, the recipe's; `recipes` lists them), never more than the machine's cores. On a busy machine use 1: LibTorch's threads spin while they wait for a core someone else holds, which can make steps ten times slower.")]
    public int? Threads { get; init; }

    /// <summary>The thread count used when --threads is not given.</summary>
    internal static int DefaultThreads => Math.Min(2, Environment.ProcessorCount);
}

/// <summary>Settings of the commands that work on one model: which model file, and the device it runs on.</summary>
internal abstract class ModelSettings : ComputeSettings
{
    [CommandOption("--model <FILE>")]
    [Description("A model file written by train: the model to use (default: the pretrained Omniglot model of the ArcNet.Models.Omniglot package), or for train, the model to go on training (its shape and how it prepares images are the file's).")]
    public string? Model { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu, cuda or cuda:N.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    /// <summary>Whether the command needs --model: most use the pretrained model without one.</summary>
    private protected virtual bool RequiresModel => false;

    /// <summary>The comparator in the --model file, or without one the pretrained Omniglot model, on the --device.</summary>
    internal ArcComparator LoadComparator()
    {
        var device = TorchRuntime.ParseDevice(Device);
        if (Model is not null)
            return ArcComparator.Load(Model, device);
        // On standard error, so that what a command prints on standard output (a similarity, CSV, JSON) stays as it is.
        Console.Error.WriteLine("Using the pretrained Omniglot model (package ArcNet.Models.Omniglot); give --model <FILE> for another.");
        return OmniglotModel.Load(device);
    }

    public override ValidationResult Validate() =>
        RequiresModel && string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <FILE> is required: the trained model (a file written by train).") : ValidationResult.Success();
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

/// <summary>Settings of the commands that read an image collection and draw random numbers.</summary>
internal abstract class DataSettings : ModelSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Image folder or zip: <class>/<image>, or <group>/<class>/<image> (Omniglot's layout, alphabets as groups), optionally inside one more folder; PNG, JPEG, WebP, BMP or GIF. Repeat for several. Default: the embedded Omniglot background set that --background names.")]
    public string[] Data { get; init; } = [];

    [CommandOption("--background <SET>")]
    [Description("Without --data, the embedded Omniglot background set: " + EmbeddedOmniglot.Choices + ".")]
    [DefaultValue("full")]
    public string Background { get; init; } = "full";

    [CommandOption("--seed <S>")]
    [Description("Seed of everything random the command does: initial weights, pair and episode sampling, augmentation.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <summary>The embedded set --background names.</summary>
    internal EmbeddedOmniglot.Set EmbeddedSet => EmbeddedOmniglot.Named(Background);

    /// <summary>The --data sources, or the embedded set without any, prepared as <paramref name="preprocessing"/> says.</summary>
    internal ImageDataset LoadData(ImagePreprocessing preprocessing) => DataChoice.Load(Data, EmbeddedSet, preprocessing);

    /// <summary>The groups one-shot evaluation uses by default: none of data the user named (it is theirs to train on), the embedded set's held-out alphabets otherwise.</summary>
    internal IReadOnlyCollection<string> DefaultHeldOut => Data.Length > 0 ? [] : EmbeddedSet.HeldOut;

    public override ValidationResult Validate()
    {
        return EmbeddedOmniglot.Find(Background) is null ? ValidationResult.Error(EmbeddedOmniglot.Unknown(Background)) : base.Validate();
    }
}

/// <summary>Settings of the commands that train, which keep some groups out for one-shot evaluation.</summary>
internal abstract class HoldOutSettings : DataSettings
{
    [CommandOption("--hold-out <GROUPS>")]
    [Description("Comma-separated groups (Omniglot's alphabets) to keep out of training for one-shot evaluation. Default with the embedded data: the alphabets --background names. Default with --data: none, all of it trains; evaluate on a separate folder (or name groups here).")]
    public string? HoldOut { get; init; }

    /// <summary>The training groups of <paramref name="dataset"/> and those held out for one-shot evaluation: the named ones, or the default ones.</summary>
    internal (ImageSubset Background, ImageSubset HeldOut) Split(ImageDataset dataset) =>
        DataChoice.Split(dataset, HoldOut is null ? DefaultHeldOut : Names(HoldOut));

    /// <summary>The names of a comma-separated list.</summary>
    internal static string[] Names(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Settings of train: how to prepare the images, which the model then keeps.</summary>
internal abstract class PreprocessingSettings : HoldOutSettings
{
    [CommandOption("--image-size <N>")]
    [Description("Side the images are resized to. Default: the recipe model's (Omniglot's 32 in the ARC paper).")]
    public int? ImageSize { get; init; }

    [CommandOption("--colour")]
    [Description("Keep colour (RGB); without it images are turned gray.")]
    public bool Colour { get; init; }

    [CommandOption("--invert <WHEN>")]
    [Description("Invert pixel values so ink is bright on a zero background: auto (when the images' border is light, as Omniglot's is), yes or no.")]
    [DefaultValue("auto")]
    public string Invert { get; init; } = "auto";

    /// <summary>Whether any option here was given: they shape a new model, so they cannot go with a model file.</summary>
    private protected bool ShapesImages => ImageSize is not null || Colour;

    /// <summary>The preprocessing these options ask for, for a new model of <paramref name="model"/>'s kind; the model file keeps what it became.</summary>
    internal ImagePreprocessing Preprocessing(ComparatorOptions model) => new ImagePreprocessing
    {
        ImageSize = ImageSize ?? model.ImageSize,
        Channels = Colour ? 3 : model.ImageChannels,
        InvertInk = Invert switch { "yes" => true, "no" => false, "auto" => null, _ => throw new ArgumentException($"--invert must be auto, yes or no; got '{Invert}'.") },
    }.Validate();
}
