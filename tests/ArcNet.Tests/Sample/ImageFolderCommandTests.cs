using System.Text.Json;
using ArcNet.Data;
using ArcNet.Tests.Data;
using FluentAssertions;
using Xunit;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Sample;

/// <summary>
/// The sample tried as a new user would, on their own images: folders of JPEG class folders (Omniglot characters redrawn
/// in blue ink), trained on, evaluated on unseen classes, compared pair by pair from a CSV file, and used to classify.
/// </summary>
public sealed class ImageFolderCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private readonly string _root = OmniglotTestData.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes <paramref name="drawings"/> drawings of each character as <c>name/&lt;class&gt;/IMG_nnnn.jpg</c>.</summary>
    private string Classes(string name, int drawings, params string[] characters) =>
        ImageFolders.Write(Path.Combine(_root, name), characters.SelectMany(character =>
            ImageFolders.Drawings(character, drawings).Select((drawing, i) =>
                ($"{character.Replace('/', '-')}/IMG_{i + 1:D4}.jpg", ImageFolders.Character(drawing, Format.Jpeg, blueInk: true)))));

    private static async Task<SampleProcess> Run(params string[] arguments)
    {
        var run = SampleProcess.Start(arguments);
        await run.WaitForExit(Limit);
        run.ExitCode.Should().Be(0, run.Output);
        return run;
    }

    [Fact]
    public async Task A_folder_of_jpeg_class_folders_trains_evaluates_compares_and_classifies()
    {
        string train = Classes("train", 8, Enumerable.Range(1, 8).Select(c => $"Korean/character{c:D2}").ToArray());
        string unseen = Classes("unseen", 6, "Greek/character01", "Greek/character02", "Greek/character03", "Greek/character04");
        string model = Path.Combine(_root, "glyphs.arc");

        using (var trained = await Run("train", "--data", train, "--colour", "--hidden", "16", "--glimpses", "2", "--glimpse-size", "8",
                   "--steps", "20", "--batch-size", "16", "--validate-every", "10", "--out", model))
            trained.Output.Should().Contain("Loaded 64 images of 8 classes, 32 x 32 RGB, ink inverted").And.MatchRegex(@"held out:\s+none");
        using (var comparator = ArcComparator.Load(model))
            comparator.Preprocessing.Should().Be(new ImagePreprocessing { Channels = 3, InvertInk = true });

        using (var evaluated = await Run("evaluate", "--model", model, "--data", unseen, "--ways", "3", "--episodes", "5", "--json"))
        {
            using var json = JsonDocument.Parse(evaluated.OutputLines.Should().ContainSingle().Which);
            (json.RootElement.GetProperty("ways").GetInt32(), json.RootElement.GetProperty("queries").GetInt32()).Should().Be((3, 15));
        }

        string pairs = Path.Combine(unseen, "pairs.csv");
        File.WriteAllLines(pairs, ["Greek-character01/IMG_0001.jpg,Greek-character01/IMG_0002.jpg", "Greek-character01/IMG_0001.jpg,Greek-character02/IMG_0001.jpg"]);
        using (var compared = await Run("compare", "--model", model, "--pairs", pairs))
            compared.OutputLines.Should().HaveCount(2).And.OnlyContain(line => line.StartsWith("Greek-character01/IMG_0001.jpg,Greek-character0", StringComparison.Ordinal));

        string support = Path.Combine(_root, "support");
        Directory.CreateDirectory(support);
        foreach (var character in new[] { "Greek-character01", "Greek-character02" })
            File.Copy(Path.Combine(unseen, character, "IMG_0001.jpg"), Path.Combine(support, character + ".jpg"));
        string[] queries = [Path.Combine(unseen, "Greek-character01", "IMG_0006.jpg"), Path.Combine(unseen, "Greek-character02", "IMG_0006.jpg")];
        using (var classified = await Run(["classify", "--model", model, "--support", support, .. queries]))
            classified.OutputLines.Should().SatisfyRespectively(
                first => first.Should().MatchRegex($"^{Escaped(queries[0])}: Greek-character0[12] [01]\\.\\d{{4}}$"),
                second => second.Should().MatchRegex($"^{Escaped(queries[1])}: Greek-character0[12] [01]\\.\\d{{4}}$"));
    }

    private static string Escaped(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
