#pragma once
// The processes of one calibration: one, or every MPI rank when launched by
// mpirun or srun (cluster build). Every rank computes every wave's points (they
// are deterministic) and works on each wave's sweep; MPI stays initialised
// across the waves, and rank 0 alone writes the result.
namespace frontline {

class CalibrationProcesses {
 public:
  CalibrationProcesses();
  ~CalibrationProcesses();
  CalibrationProcesses(const CalibrationProcesses&) = delete;
  CalibrationProcesses& operator=(const CalibrationProcesses&) = delete;

  int rank() const { return rank_; }
  bool writer() const { return rank_ == 0; }
  // Waits for every rank (no-op for one process).
  void barrier() const;

 private:
  int rank_ = 0;
  bool owner_ = false;  // this object initialised MPI and finalises it
};

}  // namespace frontline
