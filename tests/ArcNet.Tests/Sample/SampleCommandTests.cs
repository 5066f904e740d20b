using ArcNet.Models.Omniglot;
using ArcNet.Modules;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArcNet.OneShot;
using ArcNet.Tests.Data;
using ArcNet.Visualization;
using FluentAssertions;
using SkiaSharp;
using Xunit;

namespace ArcNet.Tests.Sample;

/// <summary>
/// The sample's commands run end to end as a user runs them, in a child process, on a tiny model saved here. What they
/// print and write is checked against the library called directly on the same files.
/// </summary>
public sealed class SampleCommandTests : IDisposable
{
    /// <summary>Only a guard against a hung child: each command takes seconds.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private const string First = "Greek/character01/0394_01.png", Second = "Greek/character01/0394_02.png";

    private readonly string _folder = OmniglotTestData.TempFolder();
    private readonly string _model, _imageA, _imageB;

    public SampleCommandTests()
    {
        _model = Path.Combine(_folder, "tiny.arc");
        using (var comparator = new ArcComparator(new PlainArcOptions { HiddenSize = 16, GlimpsesPerImage = 2 }) { PixelMean = 0.08 })
            comparator.Save(_model);
        _imageA = Path.Combine(_folder, "a.png");
        _imageB = Path.Combine(_folder, "b.png");
        File.WriteAllBytes(_imageA, OmniglotTestData.Png(First));
        File.WriteAllBytes(_imageB, OmniglotTestData.Png(Second));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<SampleProcess> Run(params string[] arguments)
    {
        var run = SampleProcess.Start(arguments);
        await run.WaitForExit(Limit);
        return run;
    }

    [Fact]
    public async Task The_demo_trains_all_three_models_and_prints_what_each_adds_on_the_same_episodes_beside_the_pretrained_model()
    {
        string model = Path.Combine(_folder, "demo", "demo.arc");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);

        using var run = await Run("demo", "--minutes", "0.05", "--context-minutes", "0.05", "--episodes", "3", "--out", model);

        run.ExitCode.Should().Be(0, run.Output);
        File.Exists(model).Should().BeTrue();
        File.Exists(model + ".protonet.arc").Should().BeTrue();
        run.Output.Should().Contain("ConvARC-lite, naive vs prototypical network (baseline) on the same 3 trials:")
            .And.Contain("ConvARC-lite, Full Context vs ConvARC-lite, naive on the same 3 trials:")
            .And.Contain("pretrained ConvARC-lite, naive");
    }

    [Fact]
    public async Task Compare_prints_the_similarity_of_the_two_images()
    {
        using var run = await Run("compare", "--model", _model, _imageA, _imageB);

        run.ExitCode.Should().Be(0, run.Output);
        using var comparator = ArcComparator.Load(_model);
        using var images = comparator.ReadImages(_imageA, _imageB);
        using var expected = comparator.Similarity(images[0..1], images[1..2]);
        double.Parse(run.OutputLines.Should().ContainSingle().Which, CultureInfo.InvariantCulture)
            .Should().BeApproximately(expected.item<float>(), 1e-4, "it prints four decimals");
    }

    [Fact]
    public async Task Without_a_model_compare_uses_the_pretrained_one_and_says_so_in_one_line()
    {
        using var run = await Run("compare", _imageA, _imageB);

        run.ExitCode.Should().Be(0, run.Output);
        run.Lines.Should().HaveCount(2).And.ContainSingle(line => line.StartsWith("Using the pretrained Omniglot model", StringComparison.Ordinal));
        using var comparator = OmniglotModel.Load();
        double printed = double.Parse(run.Lines.Single(line => !line.StartsWith("Using", StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        printed.Should().BeApproximately(comparator.Similarity(_imageA, _imageB), 1e-4);
    }

    [Fact]
    public async Task Compare_scores_every_pair_of_a_pairs_file_in_one_run()
    {
        string pairs = Path.Combine(_folder, "pairs.csv"), scores = Path.Combine(_folder, "scores.csv");
        File.Copy(_imageB, Path.Combine(_folder, "#b.png"));
        File.WriteAllLines(pairs, ["# first,second", "a.png,b.png", "", "b.png, a.png", $"\"{_imageA}\",a.png", "\"#b.png\",a.png"]);

        using var run = await Run("compare", "--model", _model, "--pairs", pairs, "--out", scores);

        run.ExitCode.Should().Be(0, run.Output);
        using var comparator = ArcComparator.Load(_model);
        using var images = comparator.ReadImages(_imageA, _imageB, _imageA, _imageB);
        using var second = images.index_select(0, TorchSharp.torch.tensor(new long[] { 1, 0, 0, 0 }));   // b, a, a, a
        using var expected = comparator.Similarity(images, second);
        var lines = File.ReadAllLines(scores).Select(line => line.Split(',')).ToArray();
        lines.SkipLast(1).Select(fields => (fields[0], fields[1])).Should().Equal(("a.png", "b.png"), ("b.png", "a.png"), (_imageA, "a.png"));
        lines[^1].Should().Equal(["\"#b.png\"", "a.png", lines[^1][^1]], "a first path that would read as a comment is quoted");
        lines.Select(fields => double.Parse(fields[^1], CultureInfo.InvariantCulture)).Should().Equal(
            expected.data<float>().ToArray().Select(s => Math.Round(s, 4)), "it writes each pair's similarity with four decimals");
    }

    [Theory]
    [InlineData("train --out {folder}/m.arc --step 5", "error: Unknown option 'step'.")]
    [InlineData("train --out {folder}/m.arc --steps 99999999999", "error: --steps takes a number, and '99999999999' is not one it can hold: counts, steps and seeds are whole numbers up to 2,147,483,647*")]
    [InlineData("train --out {folder}/m.arc --seed=abc", "error: --seed takes a number, and 'abc' is not one it can hold*")]
    [InlineData("train --out {folder}/m.arc --learning-rate -1", "error: --learning-rate must be a positive number; got -1.")]
    [InlineData("train-context --model {model} --out {folder}/m.context --ways 1", "error: --ways must be at least 2; got 1.")]
    [InlineData("train --out {folder}/m.arc --minutes 1e308", "error: --minutes takes a positive number of minutes, at most 1,000,000; got 1E+308.")]
    [InlineData("train-context --model {model} --out {folder}/m.context --minutes NaN", "error: --minutes takes a positive number of minutes*got NaN.")]
    [InlineData("train --out {folder} --steps 5", "error: --out '*' is a folder; give a file path.")]
    [InlineData("train --out {model}/m.arc --steps 5", "error: --out '*' cannot be written: no file can be created in '*'. Give a path in a folder you can write to.")]
    [InlineData("study --out {model}", "error: --out '*' is a file; give a folder.")]
    [InlineData("visualize --model {model} {a} {b} --out {folder}/v.png --animation {folder}/v.png", "error: --animation names the same file as --out; give each its own path.")]
    public async Task A_mistyped_option_or_an_output_that_cannot_be_written_is_refused_before_any_work(string command, string message)
    {
        var arguments = command.Split(' ').Select(a => a.Replace("{folder}", _folder).Replace("{model}", _model).Replace("{a}", _imageA).Replace("{b}", _imageB)).ToArray();

        using var run = await Run(arguments);

        run.ExitCode.Should().Be(1, run.Output);
        run.Lines.Should().ContainSingle().Which.Should().Match(message);
        Directory.GetFiles(_folder, "m.*").Should().BeEmpty("nothing ran");
    }

    [Theory]
    [InlineData(true, "--hold-out group0,group1", "error: No images are left to train on: every group of the data is held out*Hold out fewer groups.")]
    [InlineData(false, "", "error: No class has the 4 or more images it takes to keep some for validation*Give classes of at least 4 images.")]
    public async Task Data_that_leaves_nothing_to_train_or_validate_on_is_refused_with_the_reason(bool grouped, string holdOut, string message)
    {
        string data = Path.Combine(_folder, "few");
        foreach (var (name, i) in OmniglotTestData.PngNames.Take(6).Select((n, i) => (n, i)))
        {
            string classFolder = Path.Combine(data, grouped ? $"group{i % 2}" : "", $"class{i % 2}");   // two classes of three images
            Directory.CreateDirectory(classFolder);
            File.WriteAllBytes(Path.Combine(classFolder, $"{i}.png"), OmniglotTestData.Png(name));
        }

        using var run = await Run(["train", "--data", data, "--out", Path.Combine(_folder, "m.arc"), "--steps", "1", .. holdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        run.ExitCode.Should().Be(1, run.Output);
        run.Lines.Last().Should().Match(message);
    }

    [Theory]
    [InlineData("a.png,b.png|a.png", "*pairs.csv line 2: expected two image paths separated by a comma, got \"a.png\"*")]
    [InlineData("a.png,b.png|a.png,b.png,c.png", "*pairs.csv line 2: expected two image paths*")]
    [InlineData("a.png,b.png|a.png,missing.png", "*pairs.csv line 2: image 'missing.png' does not exist*")]
    [InlineData("# scores|first,second|a.png,b.png", "*pairs.csv line 2: image 'first' does not exist*; if line 2 is a header, remove it or start it with #.")]
    [InlineData("a.png,b.png|\"a.png,b.png|b.png,a.png", "*pairs.csv line 2: a quote is out of place (not closed on its line, or inside an unquoted path); quote a whole path, with \"\" for a quote inside it.")]
    [InlineData("a.png,b.png|a\"b.png,a.png", "*pairs.csv line 2: a quote is out of place*")]
    public async Task A_pairs_file_with_a_bad_line_is_refused_naming_the_line(string content, string message)
    {
        string pairs = Path.Combine(_folder, "pairs.csv");
        File.WriteAllLines(pairs, content.Split('|'));

        using var run = await Run("compare", "--model", _model, "--pairs", pairs);

        run.ExitCode.Should().Be(1, run.Output);
        run.Lines.Should().ContainSingle().Which.Should().Match(message);
    }

    [Fact]
    public async Task Classify_prints_the_best_class_and_its_score_for_each_query()
    {
        string support = Path.Combine(_folder, "support");
        Directory.CreateDirectory(support);
        File.Copy(_imageA, Path.Combine(support, "alpha.png"));
        File.WriteAllBytes(Path.Combine(support, "beta.png"), OmniglotTestData.Png("Greek/character02/0395_01.png"));

        using var run = await Run("classify", "--model", _model, "--support", support, _imageA, _imageB);

        run.ExitCode.Should().Be(0, run.Output);
        using var comparator = ArcComparator.Load(_model);
        using var known = SupportSet.Load(support, comparator);
        var expected = new OneShotClassifier(comparator).Classify([_imageA, _imageB], known);
        run.OutputLines.Should().Equal(expected.Select((p, i) =>
            $"{(i == 0 ? _imageA : _imageB)}: {p.Label} {p.Scores.Single(s => s.Key == p.Label).Value.ToString("0.0000", CultureInfo.InvariantCulture)}"));
    }

    /// <summary>Two 3-way runs in Lake's format, of 3 and 2 queries.</summary>
    private string LakeRuns()
    {
        string runs = Path.Combine(_folder, "runs");
        string[] classes = ["Greek/character01/0394_01.png", "Greek/character02/0395_01.png", "Greek/character03/0396_01.png"];
        string[] items = ["Greek/character02/0395_05.png", "Greek/character03/0396_05.png", "Greek/character01/0394_05.png"];
        OmniglotTestData.WriteLakeRun(runs, "run01", classes, items, [1, 2, 0]);
        OmniglotTestData.WriteLakeRun(runs, "run02", classes, items[..2], [1, 2]);
        return runs;
    }

    [Fact]
    public async Task Evaluate_scores_lakes_runs_as_json()
    {
        string runs = LakeRuns();

        using var run = await Run("evaluate", "--model", _model, "--lake-runs", runs, "--json");

        run.ExitCode.Should().Be(0, run.Output);
        using var json = JsonDocument.Parse(run.OutputLines.Should().ContainSingle().Which);
        var result = json.RootElement;
        result.GetProperty("method").GetString().Should().Be("naive");
        (result.GetProperty("ways").GetInt32(), result.GetProperty("episodes").GetInt32(), result.GetProperty("queries").GetInt32()).Should().Be((3, 2, 5));
        var perRun = result.GetProperty("runs").EnumerateArray().ToList();
        perRun.Select(r => (r.GetProperty("name").GetString(), r.GetProperty("queries").GetInt32())).Should().Equal(("run01", 3), ("run02", 2));
        int correct = result.GetProperty("correct").GetInt32();
        correct.Should().Be(perRun.Sum(r => r.GetProperty("correct").GetInt32())).And.BeInRange(0, 5);
        result.GetProperty("accuracy").GetDouble().Should().BeApproximately(correct / 5.0, 1e-12);
    }

    [Fact]
    public async Task Visualize_writes_a_contact_sheet_png()
    {
        string sheet = Path.Combine(_folder, "out", "sheet.png");

        using var run = await Run("visualize", "--model", _model, _imageA, _imageB, "--out", sheet);

        run.ExitCode.Should().Be(0, run.Output);
        using var written = SKBitmap.Decode(sheet);
        written.Should().NotBeNull("the file must be a PNG that decodes");
        using var comparator = ArcComparator.Load(_model);
        using var images = comparator.ReadImages(_imageA, _imageB);
        using var expected = SKBitmap.Decode(((ArcNetwork)comparator.Network).Trace(images[0], images[1]).ContactSheet());
        (written.Width, written.Height).Should().Be((expected.Width, expected.Height));
    }

    [Fact]
    public async Task Train_context_writes_a_context_model_for_the_comparator()
    {
        string context = Path.Combine(_folder, "tiny.context");

        using var run = await Run("train-context", "--model", _model, "--out", context, "--steps", "2");

        run.ExitCode.Should().Be(0, run.Output);
        using var model = FullContextArc.Load(context);
        model.RepresentationSize.Should().Be(16);
    }

    [Fact]
    public async Task Evaluate_with_a_context_model_scores_the_naive_method_too_and_their_paired_difference()
    {
        string context = Path.Combine(_folder, "tiny.context");
        (await Run("train-context", "--model", _model, "--out", context, "--steps", "2")).Dispose();

        using var run = await Run("evaluate", "--model", _model, "--context", context, "--lake-runs", LakeRuns(), "--json");

        run.ExitCode.Should().Be(0, run.Output);
        using var json = JsonDocument.Parse(run.OutputLines.Should().ContainSingle().Which);
        var result = json.RootElement;
        result.GetProperty("method").GetString().Should().Be("Full Context ARC");
        result.GetProperty("baseline").ValueKind.Should().Be(JsonValueKind.Null, "no --baseline model was given");
        var naive = result.GetProperty("versus").EnumerateArray().Should().ContainSingle().Which;
        naive.GetProperty("method").GetString().Should().Be("naive");
        naive.GetProperty("queries").GetInt32().Should().Be(5);
        naive.GetProperty("difference").GetDouble().Should().BeApproximately(
            result.GetProperty("accuracy").GetDouble() - naive.GetProperty("accuracy").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Evaluate_pairs_a_baseline_that_reads_smaller_images_on_the_same_episodes()
    {
        string baseline = Path.Combine(_folder, "small.arc");
        using (var small = new ArcComparator(new PlainArcOptions { HiddenSize = 16, GlimpsesPerImage = 2, ImageSize = 28 }) { PixelMean = 0.08 })
            small.Save(baseline);

        using var run = await Run("evaluate", "--model", _model, "--baseline", baseline, "--background", "minimal", "--ways", "5", "--episodes", "3", "--json");

        run.ExitCode.Should().Be(0, run.Output);
        using var json = JsonDocument.Parse(run.OutputLines.Should().ContainSingle().Which);
        var result = json.RootElement;
        var other = result.GetProperty("baseline");
        other.GetProperty("queries").GetInt32().Should().Be(15, "the baseline reads the model's 3 episodes of 5 queries, at 28 x 28");
        other.GetProperty("difference").GetDouble().Should().BeApproximately(
            result.GetProperty("accuracy").GetDouble() - other.GetProperty("accuracy").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Evaluate_says_which_model_is_the_baseline_when_both_are_scored_the_same_way()
    {
        using var run = await Run("evaluate", "--model", _model, "--baseline", _model, "--background", "minimal", "--ways", "5", "--episodes", "2");

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("naive vs naive (baseline) on the same 2 trials: 0.0 points");
    }

    [Fact]
    public async Task Evaluate_averages_flips_for_the_model_and_its_baseline_and_shows_what_they_add()
    {
        using var run = await Run("evaluate", "--model", _model, "--baseline", _model, "--lake-runs", LakeRuns(), "--flips", "--json");

        run.ExitCode.Should().Be(0, run.Output);
        using var json = JsonDocument.Parse(run.OutputLines.Should().ContainSingle().Which);
        var result = json.RootElement;
        result.GetProperty("method").GetString().Should().Be("naive, flips averaged");
        result.GetProperty("versus").EnumerateArray().Select(other => other.GetProperty("method").GetString())
            .Should().Equal(["naive", "naive, flips averaged"], "the same method without flips, then the baseline scored as the model is");
        result.GetProperty("baseline").GetProperty("method").GetString().Should().Be("naive, flips averaged");
    }

    [Fact]
    public async Task Train_goes_on_training_a_model_file_keeping_its_shape()
    {
        string tuned = Path.Combine(_folder, "tuned.arc");

        using var run = await Run("train", "--model", _model, "--steps", "2", "--validate-every", "2", "--out", tuned);

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain($"Going on training {_model}");
        using var start = ArcComparator.Load(_model);
        using var trained = ArcComparator.Load(tuned);
        trained.Options.Should().Be(start.Options);
        trained.Network.named_parameters().Should().Contain(p => !p.parameter.allclose(start.Network.state_dict()[p.name]), "two steps moved the weights");
    }

    [Theory]
    [InlineData("--hidden", "8")]
    [InlineData("--image-size", "28")]
    public async Task Train_refuses_to_reshape_a_model_file(string option, string value)
    {
        using var run = await Run("train", "--model", _model, option, value, "--steps", "2", "--out", Path.Combine(_folder, "x.arc"));

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("whose shape and image size are the file's");
    }

    [Theory]
    [InlineData("protonet", "--hidden", "shape an ARC model's controller; recipe protonet trains a prototypical network")]
    [InlineData("arc-stable", "--trunk-channels", "shapes the four-block trunk of convarc-lite and protonet; recipe arc-stable trains ARC")]
    public async Task Train_refuses_a_setting_the_recipes_model_does_not_have(string recipe, string option, string message)
    {
        using var run = await Run("train", "--recipe", recipe, option, "8", "--steps", "2", "--out", Path.Combine(_folder, "x.arc"));

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain(message);
    }

    [Fact]
    public async Task Train_says_when_it_trains_with_an_L2_penalty()
    {
        using var run = await Run("train", "--model", _model, "--weight-decay", "1e-3", "--steps", "2", "--validate-every", "2", "--out", Path.Combine(_folder, "x.arc"));

        run.ExitCode.Should().Be(0, run.Output);
        Regex.Replace(run.Output, @"\s+", " ").Should().Contain("weight decay 0.001", "a run trained with a penalty says so, however the console wraps the line");
    }

    [Theory]
    [InlineData("--weight-decay", "-1", "error: --weight-decay must be zero or positive")]
    [InlineData("--validation-batches", "0", "error: --validation-batches must be positive")]
    public async Task Train_hands_weight_decay_and_validation_batches_to_the_library(string option, string value, string message)
    {
        using var run = await Run("train", option, value, "--steps", "2", "--out", Path.Combine(_folder, "x.arc"));

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain(message);
    }

    [Fact]
    public async Task Train_widens_or_narrows_the_trunk_of_the_prototypical_network()
    {
        string narrow = Path.Combine(_folder, "narrow.arc");

        using var run = await Run("train", "--recipe", "protonet", "--trunk-channels", "16", "--steps", "2", "--validate-every", "2", "--out", narrow);

        run.ExitCode.Should().Be(0, run.Output);
        using var trained = ArcComparator.Load(narrow);
        trained.Options.Should().BeOfType<PrototypicalOptions>().Which.TrunkChannels.Should().Be(16);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("study")]
    public async Task An_unknown_background_set_is_refused_with_the_choices(string command)
    {
        using var run = await Run(command, "--background", "small");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("no embedded background set 'small'").And.Contain("--background must be full or minimal");
    }

    [Fact]
    public async Task Recipes_lists_every_recipe_and_the_default()
    {
        using var run = await Run("recipes");

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("convarc-lite (default)").And.Contain("protonet").And.Contain("arc-stable").And.Contain("convarc");
    }

    [Fact]
    public async Task Recipes_describes_training_in_the_words_train_uses()
    {
        using var run = await Run("recipes");

        Regex.Replace(run.Output, @"\s+", " ").Should().Contain("episodes of 8 x 8 characters, lr 0.002 (warm-up, cosine decay), clip 5",
            "the default's settings read as train's first line gives them, however the console wraps the line");
    }

    [Fact]
    public async Task Visualize_explains_that_a_prototypical_network_has_no_glimpses_to_draw()
    {
        string prototypical = Path.Combine(_folder, "prototypical.arc");
        using (var comparator = new ArcComparator(TinyModels.Prototypical))
            comparator.Save(prototypical);

        using var run = await Run("visualize", "--model", prototypical, _imageA, _imageB, "--out", Path.Combine(_folder, "sheet.png"));

        run.ExitCode.Should().Be(1, run.Output);
        run.Lines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain("no glimpses to draw; give an ARC model");
    }

    [Theory]
    [InlineData("compare", "--model", "{folder}/missing.arc", "{a}", "{b}")]
    [InlineData("evaluate", "--model", "{model}", "--lake-runs", "{folder}/missing-runs", "--json")]
    [InlineData("classify", "--model", "{model}", "--support", "{folder}/missing-support", "{a}")]
    public async Task A_bad_path_prints_one_error_line_naming_it_and_exits_with_1(params string[] arguments)
    {
        arguments = arguments.Select(a => a.Replace("{folder}", _folder).Replace("{model}", _model).Replace("{a}", _imageA).Replace("{b}", _imageB)).ToArray();
        string missing = arguments.Single(a => a.Contains("missing"));

        using var run = await Run(arguments);

        run.ExitCode.Should().Be(1, run.Output);
        run.Lines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain(missing);
    }
}
