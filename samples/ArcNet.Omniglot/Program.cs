using ArcNet.Omniglot;
using ArcNet.Omniglot.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

Interruption.Install();
var app = new CommandApp<DemoCommand>();
app.Configure(config =>
{
    config.SetApplicationName("arcnet-omniglot");
    config.PropagateExceptions();
    // A misspelled option is an error, not an argument left unread while a 20-minute run starts on defaults.
    config.UseStrictParsing();
    config.SetInterceptor(new ThreadsInterceptor());
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Train the default recipe and the prototypical baseline briefly on the embedded Omniglot background set with five alphabets held out, then run 20-way one-shot episodes on them (the default).");
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train a comparator on image folders or zips: <class>/<image>, or <group>/<class>/<image> like Omniglot's.")
        .WithExample("train", "--out", "omniglot.arc", "--minutes", "20")
        .WithExample("train", "--recipe", "protonet", "--out", "baseline.arc", "--minutes", "20")
        .WithExample("train", "--data", "images_background.zip", "--out", "omniglot.arc", "--minutes", "60")
        .WithExample("train", "--data", "products/", "--colour", "--out", "products.arc", "--steps", "2000")
        .WithExample("train", "--model", "omniglot.arc", "--data", "my-symbols/", "--out", "my-symbols.arc", "--steps", "500");
    config.AddCommand<RecipesCommand>("recipes")
        .WithDescription("List the training recipes: each one's model and how it trains, and which is the default.");
    config.AddCommand<TrainContextCommand>("train-context")
        .WithDescription("Train a Full Context ARC (bidirectional LSTM over a whole support set) on a frozen comparator.")
        .WithExample("train-context", "--model", "omniglot.arc", "--out", "omniglot.context", "--minutes", "10");
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("One-shot accuracy of a trained comparator: Lake's 20 runs, or random episodes within groups (alphabets), or across the classes of a folder without groups.")
        .WithExample("evaluate", "--model", "omniglot.arc", "--baseline", "baseline.arc")
        .WithExample("evaluate", "--model", "omniglot.arc", "--lake-runs", "all_runs")
        .WithExample("evaluate", "--model", "omniglot.arc", "--context", "omniglot.context", "--lake-runs", "all_runs")
        .WithExample("evaluate", "--model", "omniglot.arc", "--data", "images_evaluation.zip", "--ways", "20", "--episodes", "400")
        .WithExample("evaluate", "--model", "products.arc", "--data", "new-products/", "--ways", "5");
    config.AddCommand<StudyCommand>("study")
        .WithDescription("Time-to-accuracy of the training recipes on the embedded full background set: trains each for each budget and seed, scores the held-out alphabets, and writes a CSV, a Markdown table and a plot.")
        .WithExample("study", "--minutes", "5,10,20", "--seeds", "1,2,3", "--threads", "2");
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("Similarity of two images under a trained comparator, or of every pair in a CSV file.")
        .WithExample("compare", "--model", "omniglot.arc", "a.png", "b.png")
        .WithExample("compare", "--model", "omniglot.arc", "--pairs", "pairs.csv", "--out", "scores.csv");
    config.AddCommand<ClassifyCommand>("classify")
        .WithDescription("One-shot classification: the class of each query image, by the support folder's images of the known classes.")
        .WithExample("classify", "--model", "products.arc", "--support", "known/", "photo1.jpg", "photo2.jpg");
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
    Failure.Report(e, args);
    return 1;
}
