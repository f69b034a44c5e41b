using System;
using static AutoDiff.Benchmarks.GradientChecks;

namespace AutoDiff.Benchmarks.Adbench
{
    /// <summary>
    /// Before anything is timed: the woven derivatives of this run's inputs against central
    /// differences of the objective on a few entries, and the hand-written ones against the woven
    /// ones on every entry (the correctness tests check every entry against ADBench's references
    /// on the test inputs). A mismatch stops the run.
    /// </summary>
    internal static class AdbenchChecks
    {
        public static void Gmm(GmmProblem p)
        {
            var dalphas = new double[p.Alphas.Length];
            var dmeans = new double[p.Means.Length];
            var dicf = new double[p.Icf.Length];
            Fixtures.Gmm.ObjectiveGrad(p.D, p.K, p.N, p.Alphas, dalphas, p.Means, dmeans, p.Icf, dicf, p.X, p.Gamma, p.M, p.WishartConstant, 1.0);
            double F() => Fixtures.Gmm.Objective(p.D, p.K, p.N, p.Alphas, p.Means, p.Icf, p.X, p.Gamma, p.M, p.WishartConstant);
            Compare("GMM ∂alphas[0]", dalphas[0], Central(p.Alphas, 0, F));
            var mAlphas = new double[p.Alphas.Length];
            var mMeans = new double[p.Means.Length];
            var mIcf = new double[p.Icf.Length];
            Fixtures.GmmManual.ObjectiveGrad(p.D, p.K, p.N, p.Alphas, mAlphas, p.Means, mMeans, p.Icf, mIcf, p.X, p.Gamma, p.M, p.WishartConstant, 1.0);
            Agree("GMM manual", dalphas, mAlphas);
            Agree("GMM manual", dmeans, mMeans);
            Agree("GMM manual", dicf, mIcf);
            Compare("GMM ∂means[last]", dmeans[^1], Central(p.Means, p.Means.Length - 1, F));
            Compare("GMM ∂icf[last]", dicf[^1], Central(p.Icf, p.Icf.Length - 1, F));
        }

        public static void Ba(BaProblem p, Action<double[]> wovenJacobian, Action<double[]> manualJacobian)
        {
            var j = new double[2 * p.P * BaBenchmarks.BlockColumns + p.P];
            wovenJacobian(j);
            var manual = new double[j.Length];
            manualJacobian(manual);
            Agree("BA manual", j, manual);
            var err = new double[2];
            var cam = p.Cams[p.CamOf[0]];
            double Row(int row) { Fixtures.BundleAdjustment.Reprojection(cam, p.Points[p.PointOf[0]], p.Weights[0], p.Features[0], err); return err[row]; }
            for (int row = 0; row < 2; row++)
            {
                Compare($"BA ∂r{row}/∂cam[0]", j[row * BaBenchmarks.BlockColumns], Central(cam, 0, () => Row(row)));
                Compare($"BA ∂r{row}/∂cam[10]", j[row * BaBenchmarks.BlockColumns + 10], Central(cam, 10, () => Row(row)));
            }
        }

        public static void Lstm(LstmProblem p)
        {
            var dmain = new double[p.Main.Length];
            var dextra = new double[p.Extra.Length];
            Fixtures.Lstm.ObjectiveGrad(p.L, p.C, p.B, p.Main, dmain, p.Extra, dextra, (double[])p.State.Clone(), new double[p.State.Length], p.Sequence, 1.0);
            double F() => Fixtures.Lstm.Objective(p.L, p.C, p.B, p.Main, p.Extra, (double[])p.State.Clone(), p.Sequence);
            Compare("LSTM ∂main[0]", dmain[0], Central(p.Main, 0, F));
            var mMain = new double[p.Main.Length];
            var mExtra = new double[p.Extra.Length];
            Fixtures.LstmManual.ObjectiveGrad(p.L, p.C, p.B, p.Main, mMain, p.Extra, mExtra, (double[])p.State.Clone(), new double[p.State.Length], p.Sequence, 1.0);
            Agree("LSTM manual", dmain, mMain);
            Agree("LSTM manual", dextra, mExtra);
            Compare("LSTM ∂extra[last]", dextra[^1], Central(p.Extra, p.Extra.Length - 1, F));
        }

        /// <summary>The woven and the hand-written Jacobians agree (1e-9), and a few entries match central differences of θ.</summary>
        public static void Hand(Fixtures.HandData p, Func<double> woven, Func<double> manual, Func<double[]> jacobian, double[] err)
        {
            woven();
            var w = (double[])jacobian().Clone();
            manual();
            var m = jacobian();
            Agree("Hand manual", w, m);
            int uColumns = p.Columns - Fixtures.HandData.ThetaCount;
            foreach (var (row, theta) in new[] { (0, 0), (1, 3), (2, 10), (p.Rows - 1, 25) })
            {
                double Residual()
                {
                    if (p.IsComplicated) Fixtures.Hand.ComplicatedObjective(p.Theta, p.Us, p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false, p.Triangles, p.Correspondences, p.Points, err);
                    else Fixtures.Hand.Objective(p.Theta, p.Parents, p.BaseRelatives, p.InverseBaseAbsolutes, p.BasePositions, p.Weights, false, p.Correspondences, p.Points, err);
                    return err[row];
                }
                Compare($"Hand ∂r{row}/∂θ{theta}", w[row * p.Columns + uColumns + theta], Central(p.Theta, theta, Residual));
            }
        }
    }
}
