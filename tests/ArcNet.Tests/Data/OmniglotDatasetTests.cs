using ArcNet.Data;
using FluentAssertions;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace ArcNet.Tests.Data;

public class OmniglotDatasetTests(OmniglotTestData data, ITestOutputHelper output) : IClassFixture<OmniglotTestData>
{
    private readonly OmniglotDataset _union = data.Union;

    [Fact]
    public void The_union_of_both_small_sets_holds_8_alphabets_242_characters_4840_images()
    {
        output.WriteLine($"Loaded both archives in {_union.LoadTime.TotalMilliseconds:F0} ms");
        _union.AlphabetNames.Should().Equal("Balinese", "Early_Aramaic", "Greek", "Japanese_(katakana)", "Korean", "Latin", "Sanskrit", "Tagalog");
        _union.CharacterCount.Should().Be(242);
        _union.Count.Should().Be(4840);
        _union.ImageSize.Should().Be(32);
    }
}
