using ArcNet.Data;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public sealed class LakeRunsTests(OmniglotTestData data) : IDisposable
{
    private readonly ImageDataset _union = data.Union;
    private readonly string _root = OmniglotTestData.TempFolder();

    private static readonly string[] Classes =
        ["Greek/character01/0394_01.png", "Greek/character02/0395_01.png", "Greek/character03/0396_01.png"];
    private static readonly string[] Items =
        ["Greek/character03/0396_05.png", "Greek/character01/0394_05.png", "Greek/character02/0395_05.png"];
    private static readonly int[] Answers = [2, 0, 1];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A comparator that reads images as the Omniglot test data was prepared.</summary>
    private ArcComparator OmniglotComparator() => new(TinyModels.Plain) { PixelMean = _union.MeanPixel, Preprocessing = _union.Preprocessing };

    private void WriteRun(string run, IEnumerable<string>? labelLines = null) =>
        OmniglotTestData.WriteLakeRun(_root, run, Classes, Items, Answers, labelLines);

    [Fact]
    public void Runs_give_support_query_images_and_the_labelled_answers()
    {
        WriteRun("run02");
        WriteRun("run01");

        using var comparator = OmniglotComparator();
        using var runs = LakeRuns.Load(_root, comparator);

        runs.Runs.Select(r => r.Name).Should().Equal("run01", "run02");
        var run = runs.Runs[0];
        run.Support.shape.Should().Equal(3, 1, 32, 32);
        run.Queries.shape.Should().Equal(3, 1, 32, 32);
        run.CorrectSupport.Should().Equal(Answers);
        run.SupportFiles.Should().Equal("class01.png", "class02.png", "class03.png");
    }

    [Fact]
    public void Run_images_are_read_as_the_comparator_reads_them_for_omniglot_like_the_dataset()
    {
        WriteRun("run01");
        using var scope = torch.NewDisposeScope();
        var names = _union.ImageNames.ToList();

        using var comparator = OmniglotComparator();
        using var runs = LakeRuns.Load(_root, comparator);

        var expectedSupport = _union.Images(Classes.Select(n => names.IndexOf(n)).ToArray());
        var expectedQueries = _union.Images(Items.Select(n => names.IndexOf(n)).ToArray());
        torch.allclose(runs.Runs[0].Support, expectedSupport, atol: 1e-6).Should().BeTrue();
        torch.allclose(runs.Runs[0].Queries, expectedQueries, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void A_malformed_label_line_is_named_with_its_line_number()
    {
        WriteRun("run01", ["run01/test/item01.png run01/training/class03.png", "run01/test/item02.png", "run01/test/item03.png run01/training/class02.png"]);

        using var comparator = OmniglotComparator();
        var load = () => LakeRuns.Load(_root, comparator);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage("*class_labels.txt line 2*");
    }

    [Fact]
    public void An_unlabelled_query_is_named()
    {
        WriteRun("run01", ["run01/test/item01.png run01/training/class03.png", "run01/test/item02.png run01/training/class01.png"]);

        using var comparator = OmniglotComparator();
        var load = () => LakeRuns.Load(_root, comparator);

        load.Should().ThrowExactly<InvalidDataException>().WithMessage("*item03.png*");
    }

    [Fact]
    public void Missing_labels_and_missing_folders_are_named()
    {
        WriteRun("run01");
        File.Delete(Path.Combine(_root, "run01", "class_labels.txt"));
        var missingFolder = Path.Combine(_root, "nowhere");

        using var comparator = OmniglotComparator();
        var noLabels = () => LakeRuns.Load(_root, comparator);
        var noFolder = () => LakeRuns.Load(missingFolder, comparator);

        noLabels.Should().ThrowExactly<FileNotFoundException>().WithMessage("*class_labels.txt*");
        noFolder.Should().ThrowExactly<DirectoryNotFoundException>().WithMessage($"*{missingFolder}*");
    }

    [Fact]
    public void A_label_naming_a_missing_support_image_is_named()
    {
        WriteRun("run01", ["run01/test/item01.png run01/training/class09.png"]);

        using var comparator = OmniglotComparator();
        var load = () => LakeRuns.Load(_root, comparator);

        load.Should().ThrowExactly<FileNotFoundException>().WithMessage("*class09.png*");
    }
}
