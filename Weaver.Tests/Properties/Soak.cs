using System;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// How many random programs the property tests make and from which seeds. CI runs the
    /// default counts from fixed seeds; a long soak multiplies the counts and moves the seeds:
    /// <c>AUTODIFF_SOAK_SCALE=50 AUTODIFF_SOAK_SEED=12345 dotnet test AutoDiff.Weaver.sln --filter FullyQualifiedName~Properties</c>.
    /// A failure names its program's seed, so the same program can be made again.
    /// </summary>
    public static class Soak
    {
        /// <summary>The count for a generator whose CI default is <paramref name="ciCount"/>.</summary>
        public static int Count(int ciCount) => ciCount * Setting("AUTODIFF_SOAK_SCALE", 1);

        /// <summary>The seed of program <paramref name="k"/> of a generator whose seeds start at <paramref name="baseSeed"/>.</summary>
        public static int Seed(int baseSeed, int k) => baseSeed + Setting("AUTODIFF_SOAK_SEED", 0) + k;

        private static int Setting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value >= 0 ? value : fallback;
    }
}
