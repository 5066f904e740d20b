using System.ComponentModel;
using ArcNet.OneShot;
using ArcNet.Runtime;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>train-context</c>: trains a Full Context ARC on a frozen comparator from within-alphabet 20-way trials.</summary>
internal sealed class TrainContextCommand : Command<TrainContextCommand.Settings>
{
    internal sealed class Settings : ComputeSettings
    {
        [CommandOption("--model <FILE>")]
        [Description("The trained comparator (from train); it is not changed.")]
        public string? Model { get; init; }

        [CommandOption("--data <PATH>")]
        [Description("Omniglot folder or zip; repeat for several. Default: the embedded sets minus the held-out alphabets.")]
        public string[] Data { get; init; } = [];

        [CommandOption("--hold-out <ALPHABETS>")]
        [Description("Comma-separated alphabets to keep out (as in train). Default: the two smallest alphabets with 20 or more characters.")]
        public string? HoldOut { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write the context model.")]
        public string? Out { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Wall-clock budget in minutes. Default 10 unless --steps is given.")]
        public double? Minutes { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Stop after N steps of 32 trials.")]
        public int? Steps { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of initial weights and trials. Default 0.")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("cpu (default), cuda or cuda:N.")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
                return ValidationResult.Error("--model <FILE> is required: the trained comparator.");
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out <FILE> is required: where to write the context model.");
            return Minutes is <= 0 ? ValidationResult.Error("--minutes must be positive.") : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = ArcComparator.Load(settings.Model!, TorchRuntime.ParseDevice(settings.Device));
        using var dataset = DataChoice.Load(settings.Data, comparator.Options.ImageSize);
        var (background, _) = DataChoice.Split(dataset, settings.HoldOut, ways: 20);
        var options = new FullContextTrainingOptions
        {
            MaxSteps = settings.Steps,
            TimeBudget = settings.Minutes is double m ? TimeSpan.FromMinutes(m) : settings.Steps is null ? TimeSpan.FromMinutes(10) : null,
            Seed = settings.Seed,
        };
        using var contextModel = ContextTraining.Train(comparator, background, options);
        contextModel.Save(settings.Out!);
        AnsiConsole.MarkupLine($"Saved [bold]{Markup.Escape(settings.Out!)}[/].");
        return 0;
    }
}
