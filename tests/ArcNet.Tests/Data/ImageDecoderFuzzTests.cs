using System.Diagnostics;
using ArcNet.Data;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace ArcNet.Tests.Data;

/// <summary>
/// The image loader meets corrupt and hostile files of every format (see <see cref="AdversarialPngs"/> and
/// <see cref="AdversarialImages"/>) with an <see cref="InvalidDataException"/> naming the file: never another exception,
/// a crash, a hang or a huge allocation.
/// </summary>
public class ImageDecoderFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    private static byte[] RealPng => OmniglotTestData.Png("Greek/character01/0394_01.png");

    [Fact]
    public void Every_corrupt_or_adversarial_file_is_refused_with_InvalidDataException_within_a_time_bound()
    {
        var corpus = AdversarialPngs.All(RealPng).Concat(AdversarialImages.All(RealPng));
        var outcomes = new List<(AdversarialPngs.Case Case, string Outcome, TimeSpan Time)>();

        foreach (var bad in corpus)
        {
            var clock = Stopwatch.StartNew();
            var decoding = Task.Run(() => ImageDecoder.Decode(bad.Bytes, bad.Name, 32));
            if (!((IAsyncResult)decoding).AsyncWaitHandle.WaitOne(PerCase))
                throw new TimeoutException($"Decoding '{bad.Name}' ({bad.Category}) took more than {PerCase.TotalSeconds} s.");
            outcomes.Add((bad, Outcome(decoding), clock.Elapsed));
        }

        output.WriteLine($"{"category",-40} {"cases",5} {"refused",7} {"decoded",7} {"slowest",9}");
        foreach (var group in outcomes.GroupBy(o => o.Case.Category))
            output.WriteLine($"{group.Key,-40} {group.Count(),5} {group.Count(o => o.Outcome == "refused"),7} {group.Count(o => o.Outcome == "decoded"),7} {group.Max(o => o.Time).TotalMilliseconds,7:0.0}ms");
        output.WriteLine($"{"total",-40} {outcomes.Count,5} {outcomes.Count(o => o.Outcome == "refused"),7} {outcomes.Count(o => o.Outcome == "decoded"),7}");

        outcomes.Where(o => o.Outcome != "refused" && !(o.Outcome == "decoded" && o.Case.MayDecode))
            .Select(o => $"{o.Case.Category} / {o.Case.Name}: {o.Outcome}")
            .Should().BeEmpty();
    }

    [Fact]
    public void The_corpus_covers_every_kind_of_bad_file_the_loader_must_survive()
    {
        var corpus = AdversarialPngs.All(RealPng);
        var others = AdversarialImages.All(RealPng);

        corpus.Select(c => c.Category).Distinct().Should().BeEquivalentTo(
            "empty file", "not an image", "random bytes", "PNG signature + random bytes", "zero size",
            "huge declared size", "invalid colour type / bit depth", "wrong colour type for the data", "bad CRC", "truncated",
            "broken chunk layout", "image data mutated, CRC fixed");
        corpus.Count(c => c.Category == "truncated").Should().Be(RealPng.Length - 1, "the real file is cut after every byte");
        corpus.Should().OnlyContain(c => c.MayDecode == (c.Category == "image data mutated, CRC fixed"));
        others.Select(c => c.Category).Distinct().Should().BeEquivalentTo(
            AdversarialImages.Formats.SelectMany(format => AdversarialImages.Categories.Select(category => $"{format} {category}")));
        others.Should().OnlyContain(c => c.MayDecode == c.Category.EndsWith("bytes flipped", StringComparison.Ordinal));
    }

    [Fact]
    public void The_untouched_real_file_decodes()
    {
        var decode = () => ImageDecoder.Decode(RealPng, "0394_01.png", 32);

        decode.Should().NotThrow().Which.Should().Contain(b => b < 128, "the character has dark ink");
    }

    [Fact]
    public void ReadImages_refuses_a_bad_file_naming_it_and_the_problem()
    {
        string folder = OmniglotTestData.TempFolder();
        try
        {
            var good = Path.Combine(folder, "good.png");
            var cut = Path.Combine(folder, "cut.png");
            File.WriteAllBytes(good, RealPng);
            File.WriteAllBytes(cut, RealPng[..200]);
            using var comparator = new ArcComparator(new PlainArcOptions { HiddenSize = 16, GlimpsesPerImage = 1 });

            var read = () => comparator.ReadImages(good, cut);

            read.Should().ThrowExactly<InvalidDataException>().WithMessage($"*{cut}*truncated*");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>"refused" for the expected <see cref="InvalidDataException"/> naming the file, "decoded", or what else happened.</summary>
    private static string Outcome(Task<byte[]> decoding) => decoding.Exception?.InnerException switch
    {
        null => "decoded",
        InvalidDataException e when e.Message.StartsWith("Image '", StringComparison.Ordinal) => "refused",
        var other => $"{other.GetType().Name}: {other.Message}",
    };
}
