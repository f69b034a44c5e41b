using System;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// How many random programs a run makes and from which seeds. Half of each family's programs
    /// come from fixed seeds (the same programs every run); the other half from seeds moved by an
    /// offset that is new each run, so that CI explores new programs over time. A failure prints
    /// its program's seed, which makes the same program again (<c>AUTODIFF_REPLAY</c>). Settings:
    /// <list type="bullet">
    /// <item><c>AUTODIFF_SOAK_SCALE=50</c>: 50 times the CI counts (a long soak);</item>
    /// <item><c>AUTODIFF_SOAK_SEED=12345</c>: this offset instead of a new one (0: every program from a fixed seed);</item>
    /// <item><c>AUTODIFF_REPLAY=Scalar:1234</c>: only the program of family Scalar with seed 1234, shrunk if it fails.</item>
    /// </list>
    /// </summary>
    public static class Soak
    {
        /// <summary>How many times the CI counts a run makes.</summary>
        public static readonly int Scale = Setting("AUTODIFF_SOAK_SCALE") ?? 1;

        /// <summary>The offset of the exploring half's seeds in this run.</summary>
        public static readonly int RunOffset = Setting("AUTODIFF_SOAK_SEED") ?? 1_000_000 + Random.Shared.Next(1_000_000_000);

        /// <summary>The program to replay alone (family and seed), if one is asked for.</summary>
        public static readonly (string Family, int Seed)? Replay = ParseReplay(Environment.GetEnvironmentVariable("AUTODIFF_REPLAY"));

        /// <summary>The count for a family whose CI count is <paramref name="ciCount"/>.</summary>
        public static int Count(int ciCount) => ciCount * Scale;

        /// <summary>The seed of program <paramref name="k"/> of a family of <paramref name="count"/> programs whose fixed seeds start at <paramref name="baseSeed"/>.</summary>
        public static int Seed(int baseSeed, int k, int count) => k < count / 2 ? baseSeed + k : baseSeed + RunOffset + k;

        /// <summary>What a failure prints so that its run can be made again.</summary>
        public static string HowToReplay(string family, int seed) =>
            $"replay this program alone: AUTODIFF_REPLAY={family}:{seed} dotnet test Weaver.Tests --filter FullyQualifiedName~RandomPrograms " +
            $"(this run: AUTODIFF_SOAK_SEED={RunOffset}, AUTODIFF_SOAK_SCALE={Scale})";

        private static int? Setting(string name) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value >= 0 ? value : null;

        private static (string, int)? ParseReplay(string? text)
        {
            var parts = text?.Split(':');
            return parts is { Length: 2 } && int.TryParse(parts[1], out var seed) ? (parts[0], seed) : null;
        }
    }
}
