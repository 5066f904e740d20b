using ArcNet.Training;
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
        var parts = new List<string>
        {
            Recipe.TrainsOnEpisodes(recipe.Model) ? $"episodes of {o.EpisodeGroups} x {o.EpisodeGroupSize} characters" : $"batches of {o.BatchSize} pairs",
            $"Adam {o.LearningRate:g3}" + (o.Schedule == LearningRateSchedule.WarmupCosine ? " with warm-up and cosine decay" : " constant"),
            o.GradientClipNorm is double clip ? $"clip {clip:g3}" : "no clipping",
            o.AugmentationStrength > 0 ? $"augmentation {o.AugmentationStrength:g3}" : "no augmentation",
        };
        if (o.WeightDecay > 0)
            parts.Add($"weight decay {o.WeightDecay:g3}");
        parts.Add($"validate every {o.ValidateEvery}");
        return string.Join(", ", parts);
    }
}
