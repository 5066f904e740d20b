using System.ComponentModel;
using System.Globalization;
using ArcNet.OneShot;
using ArcNet.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>train-context</c>: trains a Full Context ARC on a frozen comparator from N-way trials within groups (alphabets).</summary>
internal sealed class TrainContextCommand : Command<TrainContextCommand.Settings>
{
    internal sealed class Settings : HoldOutSettings
    {
        /// <summary>The budget without --minutes or --steps, as the help text and the code both read it.</summary>
        internal const string DefaultMinutes = "10";

        [CommandOption("--out <FILE>")]
        [Description("Where to write the context model.")]
        public string? Out { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Wall-clock budget in minutes. Default " + DefaultMinutes + " unless --steps is given.")]
        public double? Minutes { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Stop after N steps of 32 trials.")]
        public int? Steps { get; init; }

        [CommandOption("--ways <N>")]
        [Description("Classes per trial, all of one group (the paper's number).")]
        [DefaultValue(20)]
        public int Ways { get; init; } = 20;

        private protected override bool RequiresModel => true;

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } missingModel)
                return missingModel;
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out <FILE> is required: where to write the context model.");
            if (OutputPath.FileProblem(Out, "--out") is { } unwritable)
                return ValidationResult.Error(unwritable);
            return Minutes is double minutes && MinutesOption.Problem(minutes, "--minutes") is { } problem ? ValidationResult.Error(problem) : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = settings.LoadComparator();
        using var dataset = settings.LoadData(comparator.Preprocessing);
        var (background, _) = settings.Split(dataset);
        var options = new FullContextTrainingOptions
        {
            MaxSteps = settings.Steps,
            TimeBudget = settings.Minutes is double m ? TimeSpan.FromMinutes(m) : settings.Steps is null ? TimeSpan.FromMinutes(double.Parse(Settings.DefaultMinutes, CultureInfo.InvariantCulture)) : null,
            Seed = settings.Seed,
            Ways = settings.Ways,
        };
        using var contextModel = ContextTraining.Train(comparator, background, options);
        contextModel.Save(settings.Out!);
        AnsiConsole.MarkupLine($"Saved [bold]{Markup.Escape(settings.Out!)}[/].");
        return 0;
    }
}
