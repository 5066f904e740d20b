using System.ComponentModel;
using System.Globalization;
using ArcNet.Runtime;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary>
/// <c>train</c>: trains a comparator on image folders or zips (Omniglot's among them) and saves the best weights. The
/// <c>--recipe</c> sets the model and the training; each option given on the command line overrides it. With
/// <c>--model</c> it goes on training a model file instead of a new model.
/// </summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    internal sealed class Settings : PreprocessingSettings
    {
        /// <summary>The budget without --minutes or --steps, as the help text and the code both read it.</summary>
        private const string DefaultMinutes = "20";

        [CommandOption("--recipe <NAME>")]
        [Description("The model and how to train it (`recipes` lists them and marks the default). With --model, default: the first recipe for that model.")]
        public string? Recipe { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the trained model. A checkpoint is kept beside it as <FILE>.checkpoint, and the training curves as <FILE>.curves.csv and <FILE>.curves.png.")]
        public string? Out { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Wall-clock budget in minutes. Default " + DefaultMinutes + " unless --steps is given.")]
        public double? Minutes { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Stop after N steps in total.")]
        public int? Steps { get; init; }

        [CommandOption("--resume")]
        [Description("Continue from <FILE>.checkpoint if it exists.")]
        public bool Resume { get; init; }

        // The model's shape: each defaults to the recipe's (`recipes` lists them).
        [CommandOption("--trunk-channels <N>")]
        [Description("convarc-lite and protonet: channels of every block of the four-block trunk (Conv-4's 64 by default).")]
        public int? TrunkChannels { get; init; }

        [CommandOption("--hidden <N>")]
        [Description("ARC models: hidden units of the controller.")]
        public int? Hidden { get; init; }

        [CommandOption("--glimpses <N>")]
        [Description("ARC models: glimpses per image.")]
        public int? Glimpses { get; init; }

        [CommandOption("--glimpse-size <N>")]
        [Description("ARC models: side of the square glimpse.")]
        public int? GlimpseSize { get; init; }

        [CommandOption("--glimpse-map <KIND>")]
        [Description("ARC models: how the controller's state sets the window, linear (the authors' unbounded map) or tanh (bounded: the centre stays on the image).")]
        public string? GlimpseMap { get; init; }

        [CommandOption("--input-dropout <P>")]
        [Description("ARC models: dropout on what the controller reads while training.")]
        public double? InputDropout { get; init; }

        [CommandOption("--attention-channels <N>")]
        [Description("convarc-lite: channels the controller reads after a 1 x 1 reduction of the trunk's maps; 0 reads them all.")]
        public int? AttentionChannels { get; init; }

        [CommandOption("--attended-blocks <N>")]
        [Description("convarc-lite: trunk blocks before the attended maps, 1 (16 x 16 maps at 32 x 32 images), 2 (8 x 8) or 3 (4 x 4).")]
        public int? AttendedBlocks { get; init; }

        [CommandOption("--controller-share <S>")]
        [Description("convarc-lite: the controller's share of the similarity, the embedding's evidence having the rest.")]
        public double? ControllerShare { get; init; }

        // How it trains: each defaults to the recipe's.
        [CommandOption("--learning-rate <LR>")]
        [Description("Adam's peak learning rate.")]
        public double? LearningRate { get; init; }

        [CommandOption("--schedule <KIND>")]
        [Description("constant, or warmup-cosine (a warm-up over 3 % of the budget, then a cosine decay to 2 % at its end).")]
        public string? Schedule { get; init; }

        [CommandOption("--clip <NORM>")]
        [Description("Clip each step's gradient norm to this.")]
        public double? Clip { get; init; }

        [CommandOption("--weight-decay <L2>")]
        [Description("L2 penalty on the weights, added to the gradients Adam sees (the paper's ConvARC uses 1e-4).")]
        public double? WeightDecay { get; init; }

        [CommandOption("--augment <STRENGTH>")]
        [Description("Augmentation strength from 0 (none) to 1 (the paper's flips and affine ranges).")]
        public double? Augment { get; init; }

        [CommandOption("--batch-size <N>")]
        [Description("arc and convarc: pairs per step.")]
        public int? BatchSize { get; init; }

        [CommandOption("--groups <N>")]
        [Description("convarc-lite and protonet: alphabet groups per episode.")]
        public int? Groups { get; init; }

        [CommandOption("--group-size <N>")]
        [Description("convarc-lite and protonet: characters per group.")]
        public int? GroupSize { get; init; }

        [CommandOption("--validate-every <N>")]
        [Description("Validate (and keep the best weights) every N steps.")]
        public int? ValidateEvery { get; init; }

        [CommandOption("--validation-batches <N>")]
        [Description("Batches of fixed same/different pairs each validation scores (of --batch-size pairs).")]
        public int? ValidationBatches { get; init; }

        [CommandOption("--checkpoint-every <N>")]
        [Description("Write a checkpoint every N steps. Default: --validate-every.")]
        public int? CheckpointEvery { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out <FILE> is required: where to write the trained model.");
            if (OutputPath.FileProblem(Out, "--out") is { } unwritable)
                return ValidationResult.Error(unwritable);
            if (Recipe is not null && Omniglot.Recipe.All.All(r => r.Name != Recipe))
                return ValidationResult.Error($"--recipe must be one of {string.Join(", ", Omniglot.Recipe.All.Select(r => r.Name))}; got '{Recipe}'.");
            if (Minutes is double minutes && MinutesOption.Problem(minutes, "--minutes") is { } problem)
                return ValidationResult.Error(problem);
            if (Schedule is not (null or "constant" or "warmup-cosine"))
                return ValidationResult.Error($"--schedule must be constant or warmup-cosine; got '{Schedule}'.");
            if (GlimpseMap is not (null or "linear" or "tanh"))
                return ValidationResult.Error($"--glimpse-map must be linear or tanh; got '{GlimpseMap}'.");
            if (Model is not null && (ShapesImages || ShapesController || ShapesLite || TrunkChannels is not null))
                return ValidationResult.Error("--model goes on training a model file, whose shape and image size are the file's; leave out the options that shape a new model.");
            if (Recipe is not null && Omniglot.Recipe.Named(Recipe).Model is var model)
            {
                if (TrunkChannels is not null && model is not (ConvArcLiteOptions or PrototypicalOptions))
                    return ValidationResult.Error($"--trunk-channels shapes the four-block trunk of convarc-lite and protonet; recipe {Recipe} trains {model}.");
                if (ShapesLite && model is not ConvArcLiteOptions)
                    return ValidationResult.Error($"--attention-channels, --attended-blocks and --controller-share shape ConvARC-lite; recipe {Recipe} trains {model}.");
                if (ShapesController && model is not ArcOptions)
                    return ValidationResult.Error($"--hidden, --glimpses, --glimpse-size, --glimpse-map and --input-dropout shape an ARC model's controller; recipe {Recipe} trains a {model}, which has none.");
            }
            return base.Validate();
        }

        private bool ShapesController => Hidden is not null || Glimpses is not null || GlimpseSize is not null || GlimpseMap is not null || InputDropout is not null;

        private bool ShapesLite => AttentionChannels is not null || AttendedBlocks is not null || ControllerShare is not null;

        /// <summary>The recipe's model with this command line's shape: every model option maps to the library here.</summary>
        internal ComparatorOptions ModelOptions(Recipe recipe)
        {
            var images = Preprocessing(recipe.Model);
            var model = recipe.Model with { ImageSize = images.ImageSize, ImageChannels = images.Channels };
            if (model is ConvArcLiteOptions lite)
                model = lite with
                {
                    TrunkChannels = TrunkChannels ?? lite.TrunkChannels,
                    AttentionChannels = AttentionChannels ?? lite.AttentionChannels,
                    AttendedBlocks = AttendedBlocks ?? lite.AttendedBlocks,
                    ControllerShare = ControllerShare ?? lite.ControllerShare,
                };
            if (model is PrototypicalOptions prototypical)
                model = prototypical with { TrunkChannels = TrunkChannels ?? prototypical.TrunkChannels };
            if (model is ArcOptions arc)
                model = arc with
                {
                    HiddenSize = Hidden ?? arc.HiddenSize,
                    GlimpsesPerImage = Glimpses ?? arc.GlimpsesPerImage,
                    GlimpseSize = GlimpseSize ?? arc.GlimpseSize,
                    BoundedWindow = GlimpseMap is null ? arc.BoundedWindow : GlimpseMap == "tanh",
                    InputDropout = InputDropout ?? arc.InputDropout,
                };
            return model.Validate();
        }

        /// <summary>The recipe's training with this command line's budget, seed and overrides: every training option maps to the library here.</summary>
        internal TrainingOptions TrainingOptions(Recipe recipe)
        {
            var training = recipe.Training;
            int validateEvery = ValidateEvery ?? training.ValidateEvery;
            return (training with
            {
                MaxSteps = Steps,
                TimeBudget = Minutes is double m ? TimeSpan.FromMinutes(m) : Steps is null ? TimeSpan.FromMinutes(double.Parse(DefaultMinutes, CultureInfo.InvariantCulture)) : null,
                Seed = Seed,
                LearningRate = LearningRate ?? training.LearningRate,
                Schedule = Schedule switch { "warmup-cosine" => LearningRateSchedule.WarmupCosine, "constant" => LearningRateSchedule.Constant, _ => training.Schedule },
                GradientClipNorm = Clip ?? training.GradientClipNorm,
                WeightDecay = WeightDecay ?? training.WeightDecay,
                AugmentationStrength = Augment ?? training.AugmentationStrength,
                BatchSize = BatchSize ?? training.BatchSize,
                EpisodeGroups = Groups ?? training.EpisodeGroups,
                EpisodeGroupSize = GroupSize ?? training.EpisodeGroupSize,
                ValidateEvery = validateEvery,
                ValidationBatches = ValidationBatches ?? training.ValidationBatches,
                CheckpointEvery = CheckpointEvery ?? validateEvery,
            }).Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.ParseDevice(settings.Device);
        using var start = settings.Model is null ? null : settings.LoadComparator();
        var recipe = settings.Recipe is { } name ? Recipe.Named(name) : start is null ? Recipe.Default : Recipe.For(start.Options);
        if (start is not null && recipe.Model.GetType() != start.Options.GetType())
            throw new ArgumentException($"Recipe {recipe.Name} trains {recipe.Model}, but '{settings.Model}' holds {start.Options}; give a recipe for that model, or none.");
        if (settings.Threads is null)
            TorchSharp.torch.set_num_threads(recipe.ThreadsFor(Environment.ProcessorCount));
        var training = settings.TrainingOptions(recipe);
        // Checked before the data loads, which at a large --image-size takes a minute to refuse.
        var model = start is null ? settings.ModelOptions(recipe) : null;

        using var dataset = settings.LoadData(start?.Preprocessing ?? settings.Preprocessing(recipe.Model));
        var (background, heldOut) = settings.Split(dataset);
        AnsiConsole.MarkupLine($"Loaded {DataChoice.Describe(dataset)} ({dataset.LoadTime.TotalSeconds:0.0} s); held out: {Markup.Escape(DataChoice.Groups(heldOut))}.");

        using var fresh = model is null ? null : new ArcComparator(model, device, seed: training.Seed);
        if (start is not null)
            AnsiConsole.MarkupLine($"Going on training [bold]{Markup.Escape(settings.Model!)}[/].");
        TrainingRun.Train(start ?? fresh!, background, training, settings.Out!, settings.Resume);
        return 0;
    }
}
