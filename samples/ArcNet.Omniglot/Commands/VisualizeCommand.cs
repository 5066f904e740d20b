using System.ComponentModel;
using ArcNet.Modules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ArcNet.Omniglot.Commands;

/// <summary><c>visualize</c>: draws where a trained comparator looked while comparing two images.</summary>
internal sealed class VisualizeCommand : Command<VisualizeCommand.Settings>
{
    internal sealed class Settings : ImagePairSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Where to write the contact sheet: a PNG with one row per glimpse.")]
        public string? Out { get; init; }

        [CommandOption("--animation <FILE>")]
        [Description("Also write an animated PNG (APNG) with one frame per glimpse.")]
        public string? Animation { get; init; }

        public override ValidationResult Validate()
        {
            var common = base.Validate();
            if (!common.Successful)
                return common;
            if (string.IsNullOrWhiteSpace(Out))
                return ValidationResult.Error("--out <FILE> is required: where to write the contact sheet PNG.");
            if (Animation is not null && Path.GetFullPath(Animation) == Path.GetFullPath(Out))
                return ValidationResult.Error("--animation names the same file as --out; give each its own path.");
            var unwritable = OutputPath.FileProblem(Out, "--out") ?? (Animation is null ? null : OutputPath.FileProblem(Animation, "--animation"));
            return unwritable is null ? ValidationResult.Success() : ValidationResult.Error(unwritable);
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var comparator = settings.LoadComparator();
        var arc = comparator.Network as ArcNetwork
            ?? throw new ArgumentException($"'{settings.Model}' holds a {comparator.Options}, which compares without a controller, so there are no glimpses to draw; give an ARC model.");
        using var images = comparator.ReadImages(settings.ImageA, settings.ImageB);
        using var first = images[0];
        using var second = images[1];
        var trace = arc.Trace(first, second);
        Write(settings.Out!, trace.ContactSheet());
        if (settings.Animation is { } animation)
            Write(animation, trace.Animation());
        AnsiConsole.MarkupLine($"Similarity {trace.Similarity:0.0000} after {trace.Steps.Count} glimpses; wrote [bold]{Markup.Escape(settings.Out!)}[/]" +
                               (settings.Animation is { } a ? $" and [bold]{Markup.Escape(a)}[/]." : "."));
        return 0;
    }

    private static void Write(string path, byte[] png)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, png);
    }
}
