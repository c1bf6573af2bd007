#pragma once
// The processes of a sweep or a calibration: this one alone, or every MPI rank
// when launched by mpirun or srun in the cluster build (-DFRONTLINE_MPI=ON).
// The first environment of a process initialises MPI and finalises it when it
// ends; later ones (each wave's sweep inside a calibration) use it as it is, so
// MPI stays up for the whole command.
namespace frontline {

class MpiEnvironment {
 public:
  MpiEnvironment();
  ~MpiEnvironment();
  MpiEnvironment(const MpiEnvironment&) = delete;
  MpiEnvironment& operator=(const MpiEnvironment&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank 0 alone writes the result and reports.
  bool writer() const { return rank_ == 0; }
  // Waits for every rank (nothing to wait for in one process).
  void barrier() const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool in_mpi_ = false;  // launched by MPI in the cluster build
  bool owner_ = false;   // this object initialised MPI and finalises it
};

}  // namespace frontline
