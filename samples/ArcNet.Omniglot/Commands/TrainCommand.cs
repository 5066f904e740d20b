using System.ComponentModel;
using ArcNet.Runtime;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary>
/// <c>train</c>: trains a comparator on image folders or zips (Omniglot's among them) and saves the best weights. The
/// <c>--model</c> recipe sets every option; each option given on the command line overrides it.
/// </summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    internal sealed class Settings : PreprocessingSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Where to write the trained model. A checkpoint is kept beside it as <FILE>.checkpoint, and the training curves as <FILE>.curves.csv and <FILE>.curves.png.")]
        public string? Out { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Wall-clock budget in minutes for the whole recipe, every stage included. Default 20 unless --steps is given.")]
        public double? Minutes { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Stop after N steps in total.")]
        public int? Steps { get; init; }

        [CommandOption("--resume")]
        [Description("Continue from <FILE>.checkpoint if it exists.")]
        public bool Resume { get; init; }

        // The model's shape: each defaults to the recipe's.
        [CommandOption("--hidden <N>")]
        [Description("Hidden units of the controller. convarc-lite: 128; arc: 256; convarc: 256.")]
        public int? Hidden { get; init; }

        [CommandOption("--glimpses <N>")]
        [Description("Glimpses per image. convarc-lite: 8; arc: 8.")]
        public int? Glimpses { get; init; }

        [CommandOption("--glimpse-size <N>")]
        [Description("Side of the square glimpse. Default 4 (the paper's for Omniglot).")]
        public int? GlimpseSize { get; init; }

        [CommandOption("--glimpse-map <KIND>")]
        [Description("How the controller's state sets the window: linear (the authors' unbounded map) or tanh (bounded: the centre stays on the image).")]
        public string? GlimpseMap { get; init; }

        [CommandOption("--attention-channels <N>")]
        [Description("convarc-lite: channels the controller reads after a 1 x 1 reduction of the trunk's 64. Default 16; 0 reads all 64.")]
        public int? AttentionChannels { get; init; }

        [CommandOption("--attended-blocks <N>")]
        [Description("convarc-lite: trunk blocks before the attended maps, 1 (16 x 16 maps) or 2 (8 x 8, the default).")]
        public int? AttendedBlocks { get; init; }

        [CommandOption("--controller-share <S>")]
        [Description("convarc-lite: the controller's share of the similarity, the embedding's evidence having the rest. Default 0.45.")]
        public double? ControllerShare { get; init; }

        [CommandOption("--input-dropout <P>")]
        [Description("Dropout on what the controller reads while training. arc: 0.2; convarc-lite: 0.")]
        public double? InputDropout { get; init; }

        // How it trains: each defaults to the recipe's.
        [CommandOption("--learning-rate <LR>")]
        [Description("Adam's peak learning rate. convarc-lite and arc: 2e-3; protonet: 1e-3 (the paper: 1e-4).")]
        public double? LearningRate { get; init; }

        [CommandOption("--schedule <KIND>")]
        [Description("constant, or warmup-cosine (a warm-up over 3 % of the budget, then a cosine decay to 2 % at its end; the default of convarc-lite).")]
        public string? Schedule { get; init; }

        [CommandOption("--clip <NORM>")]
        [Description("Clip each step's gradient norm to this. convarc-lite: 5; arc: none.")]
        public double? Clip { get; init; }

        [CommandOption("--augment <STRENGTH>")]
        [Description("Augmentation strength from 0 (none) to 1 (the paper's flips and affine ranges). convarc-lite: 1; arc: 0.")]
        public double? Augment { get; init; }

        [CommandOption("--quarter-turns <BOOL>")]
        [Description("convarc-lite and protonet: with augmentation, turn each character by a random multiple of 90 degrees too (eight characters from one, with the flips).")]
        public bool? QuarterTurns { get; init; }

        [CommandOption("--batch-size <N>")]
        [Description("arc and convarc: pairs per step. Default 128.")]
        public int? BatchSize { get; init; }

        [CommandOption("--groups <N>")]
        [Description("convarc-lite and protonet: alphabet groups per episode. Default 8.")]
        public int? Groups { get; init; }

        [CommandOption("--group-size <N>")]
        [Description("convarc-lite and protonet: characters per group. Default 8.")]
        public int? GroupSize { get; init; }

        [CommandOption("--queries <N>")]
        [Description("convarc-lite and protonet: query drawings per character in an episode. Default 1.")]
        public int? Queries { get; init; }

        [CommandOption("--pretrain <SHARE>")]
        [Description("convarc-lite: share of the budget training the trunk alone first (prototypical loss). Default 0.")]
        public double? Pretrain { get; init; }

        [CommandOption("--frozen <SHARE>")]
        [Description("convarc-lite: share of the budget training the controller next on the frozen trunk's cached features. Default 0.")]
        public double? Frozen { get; init; }

        [CommandOption("--validate-every <N>")]
        [Description("Validate (and keep the best weights) every N steps. Default 500.")]
        public int? ValidateEvery { get; init; }

        [CommandOption("--checkpoint-every <N>")]
        [Description("Write a checkpoint every N steps. Default: --validate-every.")]
        public int? CheckpointEvery { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out <FILE> is required: where to write the trained model.");
            if (Model is not null && TrainingRecipe.All.All(r => r.Name != Model))
                return ValidationResult.Error($"--model must be one of {string.Join(", ", TrainingRecipe.All.Select(r => r.Name))} when training; got '{Model}'.");
            if (Minutes is <= 0)
                return ValidationResult.Error("--minutes must be positive.");
            if (Schedule is not (null or "constant" or "warmup-cosine"))
                return ValidationResult.Error($"--schedule must be constant or warmup-cosine; got '{Schedule}'.");
            if (GlimpseMap is not (null or "linear" or "tanh"))
                return ValidationResult.Error($"--glimpse-map must be linear or tanh; got '{GlimpseMap}'.");
            return ValidationResult.Success();
        }

        /// <summary>The recipe's model with this command line's overrides.</summary>
        internal ArcOptions ModelOptions(TrainingRecipe recipe)
        {
            var model = recipe.Model;
            var images = Preprocessing;
            return (model with
            {
                ImageSize = images.ImageSize,
                ImageChannels = images.Channels,
                HiddenSize = Hidden ?? model.HiddenSize,
                GlimpsesPerImage = Glimpses ?? model.GlimpsesPerImage,
                GlimpseSize = GlimpseSize ?? model.GlimpseSize,
                ParameterMapping = GlimpseMap switch { "tanh" => GlimpseParameterMapping.Tanh, "linear" => GlimpseParameterMapping.Linear, _ => model.ParameterMapping },
                AttentionChannels = AttentionChannels ?? model.AttentionChannels,
                AttendedBlocks = AttendedBlocks ?? model.AttendedBlocks,
                ControllerShare = ControllerShare ?? model.ControllerShare,
                InputDropout = InputDropout ?? model.InputDropout,
            }).Validate();
        }

        /// <summary>The recipe's training with this command line's budget, seed and overrides.</summary>
        internal TrainingOptions TrainingOptions(TrainingRecipe recipe)
        {
            var training = recipe.Training;
            int validateEvery = ValidateEvery ?? training.ValidateEvery;
            return (training with
            {
                MaxSteps = Steps,
                TimeBudget = Minutes is double m ? TimeSpan.FromMinutes(m) : Steps is null ? TimeSpan.FromMinutes(20) : null,
                Seed = Seed,
                LearningRate = LearningRate ?? training.LearningRate,
                Schedule = Schedule switch { "warmup-cosine" => LearningRateSchedule.WarmupCosine, "constant" => LearningRateSchedule.Constant, _ => training.Schedule },
                GradientClipNorm = Clip ?? training.GradientClipNorm,
                AugmentationStrength = Augment ?? training.AugmentationStrength,
                QuarterTurns = QuarterTurns ?? training.QuarterTurns,
                BatchSize = BatchSize ?? training.BatchSize,
                EpisodeGroups = Groups ?? training.EpisodeGroups,
                EpisodeGroupSize = GroupSize ?? training.EpisodeGroupSize,
                QueriesPerCharacter = Queries ?? training.QueriesPerCharacter,
                TrunkPretraining = Pretrain ?? training.TrunkPretraining,
                FrozenTrunkTraining = Frozen ?? training.FrozenTrunkTraining,
                ValidateEvery = validateEvery,
                CheckpointEvery = CheckpointEvery ?? validateEvery,
            }).Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.ParseDevice(settings.Device);
        var recipe = TrainingRecipe.Named(settings.Model ?? TrainingRecipe.DefaultName);
        if (settings.Threads is null)
            TorchSharp.torch.set_num_threads(recipe.ThreadsFor(Environment.ProcessorCount));
        var model = settings.ModelOptions(recipe);
        var training = settings.TrainingOptions(recipe);

        using var dataset = settings.LoadData(settings.Preprocessing);
        var (background, heldOut) = settings.Split(dataset);
        AnsiConsole.MarkupLine($"Loaded {DataChoice.Describe(dataset)} ({dataset.LoadTime.TotalSeconds:0.0} s); held out: {Markup.Escape(DataChoice.Groups(heldOut))}.");

        using var comparator = TrainingRun.Train(background, model, training, device, settings.Out!, settings.Resume);
        return 0;
    }
}
