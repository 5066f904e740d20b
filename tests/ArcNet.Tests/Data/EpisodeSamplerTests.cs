using ArcNet.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public sealed class EpisodeSamplerTests(OmniglotTestData data)
{
    private readonly ImageDataset _union = data.Union;

    [Fact]
    public void An_episode_stays_inside_one_alphabet_with_distinct_characters()
    {
        var sampler = new EpisodeSampler(_union.All, ways: 20, seed: 3);

        for (int i = 0; i < 25; i++)
        {
            var (support, queries) = sampler.Next();
            support.Concat(queries).Select(image => _union.GroupOf[image]).Distinct().Should().ContainSingle();
            support.Select(image => _union.ClassOf[image]).Distinct().Should().HaveCount(20);
        }
    }

    [Fact]
    public void Each_query_is_another_drawing_of_its_supports_character()
    {
        var sampler = new EpisodeSampler(_union.All, ways: 5, seed: 4);

        for (int i = 0; i < 25; i++)
        {
            var (support, queries) = sampler.Next();
            for (int c = 0; c < 5; c++)
            {
                _union.ClassOf[queries[c]].Should().Be(_union.ClassOf[support[c]]);
                _union.InstanceOf[queries[c]].Should().NotBe(_union.InstanceOf[support[c]]);
            }
        }
    }

    [Fact]
    public void The_same_seed_draws_the_same_episodes()
    {
        var one = new EpisodeSampler(_union.All, 20, seed: 9);
        var two = new EpisodeSampler(_union.All, 20, seed: 9);

        for (int i = 0; i < 5; i++)
        {
            var (s1, q1) = one.Next();
            var (s2, q2) = two.Next();
            s1.Should().Equal(s2);
            q1.Should().Equal(q2);
        }
    }
}
