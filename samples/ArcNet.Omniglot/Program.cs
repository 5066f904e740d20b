using ArcNet.Omniglot;
using ArcNet.Omniglot.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp<DemoCommand>();
app.Configure(config =>
{
    config.SetApplicationName("arcnet-omniglot");
    config.PropagateExceptions();
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Train briefly on the embedded Omniglot data with two alphabets held out, then run 20-way one-shot episodes on them (the default).");
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train a comparator on Omniglot folders or zips.")
        .WithExample("train", "--data", "images_background.zip", "--out", "omniglot.arc", "--minutes", "60");
    config.AddCommand<TrainContextCommand>("train-context")
        .WithDescription("Train a Full Context ARC (bidirectional LSTM over a whole support set) on a frozen comparator.")
        .WithExample("train-context", "--model", "omniglot.arc", "--out", "omniglot.context", "--minutes", "10");
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("One-shot accuracy of a trained comparator: Lake's 20 runs, or random within-alphabet episodes.")
        .WithExample("evaluate", "--model", "omniglot.arc", "--lake-runs", "all_runs")
        .WithExample("evaluate", "--model", "omniglot.arc", "--context", "omniglot.context", "--lake-runs", "all_runs")
        .WithExample("evaluate", "--model", "omniglot.arc", "--data", "images_evaluation.zip", "--ways", "20", "--episodes", "400");
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("Similarity of two images under a trained comparator.")
        .WithExample("compare", "--model", "omniglot.arc", "a.png", "b.png");
    config.AddCommand<VisualizeCommand>("visualize")
        .WithDescription("Draw where a trained comparator looked while comparing two images: a PNG with one row per glimpse, optionally an animated PNG.")
        .WithExample("visualize", "--model", "omniglot.arc", "a.png", "b.png", "--out", "glimpses.png")
        .WithExample("visualize", "--model", "omniglot.arc", "a.png", "b.png", "--out", "glimpses.png", "--animation", "glimpses-animated.png");
});

try
{
    return app.Run(args);
}
catch (Exception e) when (Failure.IsUserFacing(e))
{
    Failure.Report(e);
    return 1;
}
