using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// A property-test fixture over many generated programs: their source is compiled and woven
    /// once from Debug IL and once from Release IL before the cases run, and unloaded after.
    /// </summary>
    public abstract class WovenInBothBuilds
    {
        private readonly Dictionary<bool, WovenAssembly> _woven = new Dictionary<bool, WovenAssembly>();

        /// <summary>All the programs, as one compilation unit.</summary>
        protected abstract string Source();

        [OneTimeSetUp]
        public void Weave()
        {
            var source = Source();
            _woven[false] = TestWeaver.WeaveAndLoad(source, optimize: false);
            _woven[true] = TestWeaver.WeaveAndLoad(source, optimize: true);
        }

        [OneTimeTearDown]
        public void Unload()
        {
            foreach (var w in _woven.Values) w.Dispose();
            _woven.Clear();
        }

        /// <summary>The woven assembly from Release (<paramref name="optimize"/>) or Debug IL.</summary>
        protected Assembly Woven(bool optimize) => _woven[optimize].Assembly;

        /// <summary>One case per program and build, named so a failure says which.</summary>
        protected static IEnumerable<TestCaseData> CasesFor(int programs, string name) =>
            Enumerable.Range(0, programs).SelectMany(k => new[] { false, true }.Select(o => new TestCaseData(k, o).SetName($"{name}{k}_{(o ? "Release" : "Debug")}")));
    }
}
