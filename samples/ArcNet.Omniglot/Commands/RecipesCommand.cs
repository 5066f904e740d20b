using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>recipes</c>: every recipe's model and training, as the code holds them, so that no help text has to repeat them.</summary>
internal sealed class RecipesCommand : Command<RecipesCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        foreach (var recipe in Recipe.All)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(recipe.Name)}[/]{(recipe == Recipe.Default ? " (default)" : "")}: {Markup.Escape(recipe.Model.ToString())}.");
            AnsiConsole.MarkupLine($"  {Markup.Escape(Describe(recipe))}; {recipe.Threads} thread{(recipe.Threads == 1 ? "" : "s")}.");
        }
        return 0;
    }

    private static string Describe(Recipe recipe)
    {
        var o = recipe.Training;
        return string.Join(", ",
            TrainingRun.Describe(recipe.Model, o),
            o.GradientClipNorm is double clip ? $"clip {clip:g3}" : "no clipping",
            o.AugmentationStrength > 0 ? $"augmentation {o.AugmentationStrength:g3}" : "no augmentation",
            $"validate every {o.ValidateEvery}");
    }
}
