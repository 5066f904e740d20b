using System.ComponentModel;
using ArcNet.Runtime;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>train</c>: trains a comparator on image folders or zips (Omniglot's among them) and saves the best weights.</summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    internal sealed class Settings : PreprocessingSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Where to write the trained model. A checkpoint is kept beside it as <FILE>.checkpoint, and the training curves as <FILE>.curves.csv and <FILE>.curves.png.")]
        public string? Out { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Wall-clock budget in minutes. Default 60 unless --steps is given.")]
        public double? Minutes { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Stop after N steps in total.")]
        public int? Steps { get; init; }

        [CommandOption("--hidden <N>")]
        [Description("Hidden units of the controller. Default 256 (the paper: 512 for arc, 256 for convarc).")]
        public int? Hidden { get; init; }

        [CommandOption("--glimpses <N>")]
        [Description("Glimpses per image. Default 8 (the paper's).")]
        public int? Glimpses { get; init; }

        [CommandOption("--glimpse-size <N>")]
        [Description("Side of the square glimpse. Default 4 (the paper's for Omniglot).")]
        public int? GlimpseSize { get; init; }

        [CommandOption("--augment <STRENGTH>")]
        [Description("Augmentation strength from 0 (none) to 1 (the paper's flips and affine ranges). Default 0.")]
        [DefaultValue(CpuRecipe.AugmentationStrength)]
        public double Augment { get; init; } = CpuRecipe.AugmentationStrength;

        [CommandOption("--resume")]
        [Description("Continue from <FILE>.checkpoint if it exists.")]
        public bool Resume { get; init; }

        [CommandOption("--batch-size <N>")]
        [Description("Pairs per step. Default 128.")]
        [DefaultValue(128)]
        public int BatchSize { get; init; } = 128;

        [CommandOption("--learning-rate <LR>")]
        [Description("Adam learning rate. Default 2e-3 (the paper: 1e-4).")]
        [DefaultValue(CpuRecipe.LearningRate)]
        public double LearningRate { get; init; } = CpuRecipe.LearningRate;

        [CommandOption("--schedule <KIND>")]
        [Description("constant or warmup-cosine.")]
        [DefaultValue("constant")]
        public string Schedule { get; init; } = "constant";

        [CommandOption("--clip <NORM>")]
        [Description("Clip the gradient norm to this.")]
        public double? Clip { get; init; }

        [CommandOption("--mapping <KIND>")]
        [Description("linear or tanh.")]
        public string? Mapping { get; init; }

        [CommandOption("--attention-channels <N>")]
        public int? AttentionChannels { get; init; }

        [CommandOption("--metric <BOOL>")]
        public bool? Metric { get; init; }

        [CommandOption("--pretrain <SHARE>")]
        [DefaultValue(0.0)]
        public double Pretrain { get; init; }

        [CommandOption("--frozen <SHARE>")]
        [DefaultValue(0.0)]
        public double Frozen { get; init; }

        [CommandOption("--views <N>")]
        [DefaultValue(8)]
        public int Views { get; init; } = 8;

        [CommandOption("--share <S>")]
        public double? Share { get; init; }

        [CommandOption("--attended-blocks <N>")]
        public int? AttendedBlocks { get; init; }

        [CommandOption("--input-dropout <P>")]
        public double? InputDropout { get; init; }

        [CommandOption("--groups <N>")]
        [DefaultValue(8)]
        public int Groups { get; init; } = 8;

        [CommandOption("--group-size <N>")]
        [DefaultValue(8)]
        public int GroupSize { get; init; } = 8;

        [CommandOption("--validate-every <N>")]
        [Description("Validate (and keep the best weights) every N steps. Default 500.")]
        [DefaultValue(500)]
        public int ValidateEvery { get; init; } = 500;

        [CommandOption("--checkpoint-every <N>")]
        [Description("Write the checkpoint every N steps. Default: as --validate-every.")]
        public int? CheckpointEvery { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out <FILE> is required: where to write the trained model.");
            if (Model is not (null or "arc" or "convarc" or "convarc-lite" or "protonet"))
                return ValidationResult.Error($"--model must be arc, convarc or convarc-lite when training; got '{Model}'.");
            if (Minutes is <= 0)
                return ValidationResult.Error("--minutes must be positive.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.ParseDevice(settings.Device);
        var preset = settings.Model switch { "convarc" => ArcOptions.ConvArc, "convarc-lite" => ArcOptions.LightConvArc, "protonet" => ArcOptions.Prototypical, _ => new ArcOptions() };
        var images = settings.Preprocessing;
        var model = (preset with
        {
            ImageSize = images.ImageSize,
            ImageChannels = images.Channels,
            HiddenSize = settings.Hidden ?? (settings.Model is "convarc-lite" or "protonet" ? preset.HiddenSize : CpuRecipe.HiddenSize),
            GlimpsesPerImage = settings.Glimpses ?? preset.GlimpsesPerImage,
            GlimpseSize = settings.GlimpseSize ?? preset.GlimpseSize,
            ParameterMapping = settings.Mapping == "tanh" ? GlimpseParameterMapping.Tanh : preset.ParameterMapping,
            AttentionChannels = settings.AttentionChannels ?? preset.AttentionChannels,
            MetricEvidence = settings.Metric ?? preset.MetricEvidence,
            InputDropout = settings.InputDropout ?? preset.InputDropout,
            AttendedBlocks = settings.AttendedBlocks ?? preset.AttendedBlocks,
            ControllerShare = settings.Share ?? preset.ControllerShare,
        }).Validate();
        var training = new TrainingOptions
        {
            BatchSize = settings.BatchSize,
            LearningRate = settings.LearningRate,
            WeightDecay = settings.Model == "convarc" ? 1e-4 : 0,
            MaxSteps = settings.Steps,
            TimeBudget = settings.Minutes is double m ? TimeSpan.FromMinutes(m) : settings.Steps is null ? TimeSpan.FromMinutes(60) : null,
            ValidateEvery = settings.ValidateEvery,
            CheckpointEvery = settings.CheckpointEvery ?? settings.ValidateEvery,
            Seed = settings.Seed,
            AugmentationStrength = settings.Augment,
            Schedule = settings.Schedule == "warmup-cosine" ? LearningRateSchedule.WarmupCosine : LearningRateSchedule.Constant,
            GradientClipNorm = settings.Clip,
            EpisodeGroups = settings.Groups,
            TrunkPretraining = settings.Pretrain,
            FrozenTrunkTraining = settings.Frozen,
            CachedViews = settings.Views,
            EpisodeGroupSize = settings.GroupSize,
        }.Validate();

        using var dataset = settings.LoadData(images);
        var (background, heldOut) = settings.Split(dataset);
        AnsiConsole.MarkupLine($"Loaded {DataChoice.Describe(dataset)} ({dataset.LoadTime.TotalSeconds:0.0} s); held out: {Markup.Escape(DataChoice.Groups(heldOut))}.");

        using var comparator = TrainingRun.Train(background, model, training, device, settings.Out!, settings.Resume);
        return 0;
    }
}
